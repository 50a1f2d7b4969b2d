"""The lab's web shop: a small Flask service instrumented for Prometheus.

  GET  /api/products          the catalogue
  GET  /api/products/<id>     one product (404 if there is no such id)
  POST /api/checkout          JSON {"items": [{"sku": "...", "qty": 1}, ...]}: 201, or 400 without items
  GET  /metrics               Prometheus metrics
  GET  /healthz               liveness (not counted in the metrics)

  POST /lab/fault?error_rate=R&seconds=S   inject a fault: a share R of requests fail (503) for S s
                                           (slow_rate=Q: a share Q answer just over the threshold;
                                           requests=N instead of seconds: the next N requests)
  DELETE /lab/fault                        end it
  GET  /lab/stats                          what the service saw (for the lab's checks)

Like every real service it has a capacity: above it, requests queue and slow down.
"""

import collections
import random
import threading
import time

import slomodel as m
from flask import Flask, Response, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

app = Flask(m.SERVICE)
REQUESTS = Counter(f"{m.SERVICE}_http_requests_total", "HTTP requests answered, by route, method and status code",
                   ["route", "method", "code"])
LATENCY = Histogram(f"{m.SERVICE}_http_request_duration_seconds", "Time to answer HTTP requests, by route",
                    ["route", "method"], buckets=m.bucket_bounds())
CATALOGUE = {i: {"id": i, "sku": f"sku-{i:03d}", "price": 5 + i} for i in range(1, 21)}

_lock = threading.Lock()
_arrivals = m.ArrivalRate()
_fault = {"error_rate": 0.0, "slow_rate": 0.0, "until": 0.0, "requests": 0}
_last_fault_end = 0.0
_last_other = 0.0
_seen = {"users": collections.Counter(), "other": collections.Counter()}


def _arrival_rate(now):
    with _lock:
        return _arrivals.add(now)


def _fault_rates(now):
    global _last_fault_end
    with _lock:
        if _fault["requests"] > 0:  # a fault of the next N requests
            _fault["requests"] -= 1
            if _fault["requests"] == 0:
                _last_fault_end = max(_last_fault_end, now)
            return _fault["error_rate"], _fault["slow_rate"]
        return (_fault["error_rate"], _fault["slow_rate"]) if now < _fault["until"] else (0.0, 0.0)


def serve(route, handler):
    now = time.time()
    client = "users" if request.headers.get("X-Lab-Client") == "users" else "other"
    rate = _arrival_rate(now)
    error_rate, slow_rate = _fault_rates(now)
    failing = random.random() < error_rate or random.random() < m.BASE_ERROR_RATE
    if failing:
        seconds = m.THRESHOLD * random.uniform(0.05, 0.3)
    elif random.random() < slow_rate:
        seconds = m.THRESHOLD * random.uniform(1.05, 1.45)
    else:
        seconds = m.THRESHOLD * m.latency_multiple(random.random(), random.random(), random.random(), rate)
    # The histogram records the service time the shop simulates (it sleeps that long), not
    # the wall clock: on a busy host the lab's numbers stay the same.
    time.sleep(seconds)
    body, code = ({"error": "the payment backend is unavailable"}, 503) if failing else handler()
    method = m.METHODS[route]
    REQUESTS.labels(route, method, str(code)).inc()
    LATENCY.labels(route, method).observe(seconds)
    global _last_other
    with _lock:
        _seen[client][f"{method} {route} {code}"] += 1
        if client == "other":
            _last_other = time.time()
    return jsonify(body), code


@app.get("/api/products")
def products():
    return serve(m.PRODUCTS, lambda: ({"products": list(CATALOGUE.values())}, 200))


@app.get("/api/products/<int:pid>")
def product(pid):
    return serve(m.PRODUCT, lambda: (CATALOGUE[pid], 200) if pid in CATALOGUE else ({"error": "no such product"}, 404))


@app.post("/api/checkout")
def checkout():
    def handle():
        data = request.get_json(silent=True)
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, list) or not items:
            return {"error": "a checkout needs a JSON body with a non-empty 'items' list"}, 400
        return {"order": random.randint(10000, 99999), "items": len(items)}, 201

    return serve(m.CHECKOUT, handle)


@app.get("/metrics")
def metrics():
    return Response(generate_latest(), content_type=CONTENT_TYPE_LATEST)


@app.get("/healthz")
def healthz():
    return "ok\n"


@app.route("/lab/fault", methods=["GET", "POST", "DELETE"])
def fault():
    global _last_fault_end
    now = time.time()
    with _lock:
        if request.method == "POST":
            try:
                rate = min(1.0, max(0.0, float(request.args.get("error_rate", "1"))))
                slow = min(1.0, max(0.0, float(request.args.get("slow_rate", "0"))))
                seconds = min(3600.0, max(0.0, float(request.args.get("seconds", "60"))))
                count = max(0, int(request.args.get("requests", "0")))
            except ValueError:
                return jsonify(error="error_rate, slow_rate, seconds and requests must be numbers"), 400
            if count:
                _fault.update(error_rate=rate, slow_rate=slow, until=0.0, requests=count)
            else:
                _fault.update(error_rate=rate, slow_rate=slow, until=now + seconds, requests=0)
            if rate > 0:
                _last_fault_end = max(_last_fault_end, now + (0 if count else seconds))
        elif request.method == "DELETE":
            if _fault["until"] > now and _fault["error_rate"] > 0:
                _last_fault_end = now
            _fault.update(error_rate=0.0, slow_rate=0.0, until=0.0, requests=0)
        active = now < _fault["until"] or _fault["requests"] > 0
        return jsonify(error_rate=_fault["error_rate"] if active else 0.0,
                       slow_rate=_fault["slow_rate"] if active else 0.0,
                       seconds_left=max(0.0, _fault["until"] - now), last_error_fault_end=_last_fault_end)


@app.get("/lab/stats")
def stats():
    now = time.time()
    with _lock:
        return jsonify(requests={k: dict(v) for k, v in _seen.items()}, rate=_arrivals.rate(now),
                       last_error_fault_end=_last_fault_end, last_other_request=_last_other, now=now)


if __name__ == "__main__":
    import logging

    from werkzeug.serving import WSGIRequestHandler

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    WSGIRequestHandler.protocol_version = "HTTP/1.1"  # keep-alive for load generators
    app.run(host="0.0.0.0", port=8000, threaded=True)
