#!/bin/bash
# Reference solution: instrument every request in one place (before/after_request hooks)
# with a Counter labelled by status and a Histogram of durations, and serve /metrics.
set -euo pipefail
app=/lab/app/app.py
if ! grep -q "prometheus_client" "$app"; then
python3 - "$app" "$LAB_PARAM_SERVICE" <<'PY'
import sys
path, service = sys.argv[1], sys.argv[2]
src = open(path).read()
src = src.replace(
    "from flask import Flask, jsonify, request\n",
    "from flask import Flask, Response, g, jsonify, request\n"
    "from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest\n",
)
src = src.replace(
    'app = Flask(SERVICE)\n',
    'app = Flask(SERVICE)\n\n'
    'REQUESTS = Counter(f"{SERVICE}_http_requests_total", "HTTP requests served, by status code",\n'
    '                   ["method", "status"])\n'
    'LATENCY = Histogram(f"{SERVICE}_http_request_duration_seconds",\n'
    '                    "Time spent serving HTTP requests, in seconds")\n\n\n'
    '@app.before_request\n'
    'def start_timer():\n'
    '    g.start = time.perf_counter()\n\n\n'
    '@app.after_request\n'
    'def record(response):\n'
    '    if request.path != "/metrics":\n'
    '        LATENCY.observe(time.perf_counter() - g.start)\n'
    '        REQUESTS.labels(method=request.method, status=str(response.status_code)).inc()\n'
    '    return response\n\n\n'
    '@app.route("/metrics")\n'
    'def metrics():\n'
    '    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)\n',
)
open(path, "w").write(src)
PY
fi
# the service restarts on save: wait until it serves the new metrics
for _ in $(seq 60); do
  if curl -fsS http://app:8000/metrics 2>/dev/null | grep -q "${LAB_PARAM_SERVICE}_http_request_duration_seconds"; then
    exit 0
  fi
  sleep 0.5
done
echo "the service does not serve its metrics after the edit" >&2
exit 1
