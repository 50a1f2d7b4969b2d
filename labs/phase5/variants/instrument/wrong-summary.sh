#!/usr/bin/env bash
# expect: fail
# why: a Summary for the durations ("it has quantiles built in"), so no buckets reach Prometheus
# feedback: histogram
# include: _lib/app.sh
python3 - "$s" <<'PY'
import sys
path = "/lab/app/app.py"
src = open(path).read()
src = src.replace("from flask import Flask, jsonify, request\n",
                  "from flask import Flask, Response, g, jsonify, request\n"
                  "from prometheus_client import Counter, Summary, generate_latest\n")
src = src.replace("app = Flask(SERVICE)\n", '''app = Flask(SERVICE)
REQS = Counter(SERVICE + "_http_requests_total", "requests", ["status"])
LAT = Summary(SERVICE + "_http_request_duration_seconds", "latency")


@app.before_request
def t0():
    g.t0 = time.perf_counter()


@app.after_request
def t1(resp):
    LAT.observe(time.perf_counter() - g.t0)
    REQS.labels(status=str(resp.status_code)).inc()
    return resp


@app.route("/metrics")
def metrics():
    return Response(generate_latest(), mimetype="text/plain")
''')
open(path, "w").write(src)
PY
wait_for_metrics "${s}_http_request_duration_seconds_sum"
