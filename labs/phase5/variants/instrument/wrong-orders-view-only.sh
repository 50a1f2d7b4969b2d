#!/usr/bin/env bash
# expect: fail
# why: the metrics are updated inside the orders view only, so requests to / are never counted
# feedback: count every request
# include: _lib/app.sh
cat > /lab/app/app.py <<PY
import random
import time

from flask import Flask, Response, jsonify, request
from prometheus_client import Counter, Histogram, generate_latest

SERVICE = "$s"
app = Flask(SERVICE)
REQS = Counter(f"{SERVICE}_http_requests_total", "requests", ["status"])
LAT = Histogram(f"{SERVICE}_http_request_duration_seconds", "latency")


@app.route("/")
def index():
    return jsonify(service=SERVICE)


@app.route("/api/orders")
def orders():
    start = time.perf_counter()
    time.sleep(random.uniform(0.01, 0.06))
    status = 500 if request.args.get("fail") else 200
    REQS.labels(status=str(status)).inc()
    LAT.observe(time.perf_counter() - start)
    if status == 500:
        return jsonify(error="boom"), 500
    return jsonify(orders=[])


@app.route("/healthz")
def healthz():
    return "ok\n"


@app.route("/metrics")
def metrics():
    return Response(generate_latest(), mimetype="text/plain")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, threaded=True)
PY
wait_for_metrics "${s}_http_request_duration_seconds_bucket"
