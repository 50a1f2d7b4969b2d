#!/usr/bin/env bash
# expect: pass
# why: a decorator on every view that times it with Histogram.time() and counts by status and method; an explicit /metrics view
# include: _lib/app.sh
cat > /lab/app/app.py <<PY
"""$s with metrics: every view is wrapped by @measured."""
import functools
import random
import time

from flask import Flask, Response, jsonify, make_response, request
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

SERVICE = "$s"
app = Flask(SERVICE)
REQUESTS = Counter(f"{SERVICE}_http_requests_total", "HTTP requests", ["method", "status"])
DURATION = Histogram(f"{SERVICE}_http_request_duration_seconds", "HTTP request duration (s)")


def measured(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with DURATION.time():
            response = make_response(view(*args, **kwargs))
        REQUESTS.labels(method=request.method, status=str(response.status_code)).inc()
        return response
    return wrapper


@app.route("/")
@measured
def index():
    return jsonify(service=SERVICE)


@app.route("/api/orders")
@measured
def orders():
    time.sleep(random.uniform(0.01, 0.06))
    if request.args.get("fail"):
        return jsonify(error="the database went away"), 500
    return jsonify(orders=[])


@app.route("/healthz")
def healthz():
    return "ok\n"


@app.route("/metrics")
def metrics():
    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, threaded=True)
PY
wait_for_metrics "${s}_http_request_duration_seconds_count"
