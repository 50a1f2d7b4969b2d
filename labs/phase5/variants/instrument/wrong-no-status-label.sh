#!/usr/bin/env bash
# expect: fail
# why: the counter is labelled by path only ("requests per endpoint"), so errors cannot be told apart
# feedback: status
# include: _lib/app.sh
cat > /lab/app/app.py <<PY
import random
import time

from flask import Flask, g, jsonify, request
from prometheus_client import Counter, Histogram, make_wsgi_app
from werkzeug.middleware.dispatcher import DispatcherMiddleware

SERVICE = "$s"
app = Flask(SERVICE)
REQUESTS = Counter(f"{SERVICE}_http_requests_total", "requests", ["path"])
LATENCY = Histogram(f"{SERVICE}_http_request_duration_seconds", "latency")


@app.before_request
def start():
    g.t = time.perf_counter()


@app.after_request
def done(response):
    LATENCY.observe(time.perf_counter() - g.t)
    REQUESTS.labels(path=request.path).inc()
    return response


@app.route("/")
def index():
    return jsonify(service=SERVICE)


@app.route("/api/orders")
def orders():
    time.sleep(random.uniform(0.01, 0.06))
    if request.args.get("fail"):
        return jsonify(error="boom"), 500
    return jsonify(orders=[])


@app.route("/healthz")
def healthz():
    return "ok\n"


app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/metrics": make_wsgi_app()})

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, threaded=True)
PY
wait_for_metrics "${s}_http_requests_total{path="
