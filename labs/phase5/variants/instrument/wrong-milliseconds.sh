#!/usr/bin/env bash
# expect: fail
# why: durations observed in milliseconds (the unit everybody reads), in a histogram named _seconds
# feedback: seconds
# include: _lib/app.sh
python3 - "$s" <<'PY'
import sys
service = sys.argv[1]
path = "/lab/app/app.py"
src = open(path).read()
src = src.replace("from flask import Flask, jsonify, request\n",
                  "from flask import Flask, Response, g, jsonify, request\n"
                  "from prometheus_client import Counter, Histogram, generate_latest\n")
src = src.replace("app = Flask(SERVICE)\n", '''app = Flask(SERVICE)
REQS = Counter(SERVICE + "_http_requests_total", "requests", ["status"])
LAT = Histogram(SERVICE + "_http_request_duration_seconds", "latency (ms)",
                buckets=(5, 10, 25, 50, 100, 250, 500, 1000))


@app.before_request
def t0():
    g.t0 = time.time()


@app.after_request
def t1(resp):
    LAT.observe((time.time() - g.t0) * 1000)
    REQS.labels(status=str(resp.status_code)).inc()
    return resp


@app.route("/metrics")
def metrics():
    return Response(generate_latest(), mimetype="text/plain")
''')
open(path, "w").write(src)
PY
wait_for_metrics "${s}_http_request_duration_seconds_bucket"
