#!/usr/bin/env bash
# expect: pass
# why: WSGI middleware around Flask, a `code` label plus a `path` label, custom buckets, /metrics from make_wsgi_app
# include: _lib/app.sh
cat > /lab/app/app.py <<PY
import random
import time

from flask import Flask, jsonify, request
from prometheus_client import Counter, Histogram, make_wsgi_app
from werkzeug.middleware.dispatcher import DispatcherMiddleware

SERVICE = "$s"
app = Flask(SERVICE)

REQUESTS = Counter(f"{SERVICE}_http_requests", "Requests by HTTP status code", ["code", "path"])
LATENCY = Histogram(f"{SERVICE}_http_request_duration_seconds", "Request latency", ["path"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0))


class Measure:
    def __init__(self, wsgi):
        self.wsgi = wsgi

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["code"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        body = self.wsgi(environ, capture)
        path = environ.get("PATH_INFO", "")
        LATENCY.labels(path).observe(time.perf_counter() - started)
        REQUESTS.labels(seen.get("code", "500"), path).inc()
        return body


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


app.wsgi_app = DispatcherMiddleware(Measure(app.wsgi_app), {"/metrics": make_wsgi_app()})

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, threaded=True)
PY
wait_for_metrics "${s}_http_request_duration_seconds_bucket"
