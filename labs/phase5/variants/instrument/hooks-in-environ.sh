#!/usr/bin/env bash
# expect: pass
# why: before/after_request hooks edited into the given app with sed-like Python, start time kept in request.environ, /metrics and /healthz not counted, an `endpoint` label on the histogram
# include: _lib/app.sh
python3 - "$s" <<'PY'
import sys
service = sys.argv[1]
path = "/lab/app/app.py"
src = open(path).read()
if "prometheus_client" not in src:
    src = src.replace("from flask import Flask, jsonify, request\n",
                      "from flask import Flask, jsonify, request\n"
                      "from prometheus_client import Counter, Histogram, generate_latest\n")
    src = src.replace("app = Flask(SERVICE)\n", '''app = Flask(SERVICE)

COUNT = Counter(SERVICE + "_http_requests_total", "requests served", ["status"])
TIME = Histogram(SERVICE + "_http_request_duration_seconds", "seconds per request", ["endpoint"])
QUIET = ("/metrics", "/healthz")


@app.before_request
def _start():
    request.environ["started"] = time.monotonic()


@app.after_request
def _count(response):
    if request.path not in QUIET:
        TIME.labels(endpoint=request.endpoint or "none").observe(time.monotonic() - request.environ["started"])
        COUNT.labels(status=response.status_code).inc()
    return response


@app.get("/metrics")
def metrics():
    return generate_latest(), 200, {"Content-Type": "text/plain; version=0.0.4"}
''')
    open(path, "w").write(src)
PY
wait_for_metrics "${s}_http_request_duration_seconds_bucket"
