#!/usr/bin/env bash
# expect: pass
# why: one Locust run with a LoadTestShape ramp (one request per second per user, +4 every 10 s), then reads each step back from Prometheus with query_range
# include: _lib/names.sh
# include: _lib/load.sh
set -euo pipefail
cat > /tmp/ramp.py <<'PY'
from locust import HttpUser, LoadTestShape, constant_throughput, task


class Customer(HttpUser):
    wait_time = constant_throughput(1)

    @task
    def browse(self):
        self.client.get("/api/products")


class Ramp(LoadTestShape):
    def tick(self):
        step = int(self.get_run_time() // 10)
        return (11 + 4 * step, 100) if step < 9 else None
PY
start=$(date +%s)
locust -f /tmp/ramp.py --headless -H http://app:8000 --only-summary --loglevel ERROR >/dev/null 2>&1 || true
best=$(python3 - "$start" <<'PY'
import json, os, sys, urllib.parse, urllib.request

S, LE = os.environ["LAB_PARAM_SERVICE"], f"{int(os.environ['LAB_PARAM_LATENCY_THRESHOLD_MS']) / 1000:g}"
start = int(sys.argv[1])


def series(expr):  # the end of every step (locust takes a second or two to start)
    q = urllib.parse.urlencode({"query": expr, "start": start + 11, "end": start + 91, "step": 10})
    data = json.load(urllib.request.urlopen(f"http://prometheus:9090/api/v1/query_range?{q}"))
    return [float(v) for _, v in data["data"]["result"][0]["values"]]


rates = series(f"sum(rate({S}_http_requests_total[6s]))")
slis = series(f'sum(rate({S}_http_request_duration_seconds_bucket{{le="{LE}"}}[6s])) / sum(rate({S}_http_request_duration_seconds_count[6s]))')
target = int(os.environ["LAB_PARAM_LATENCY_TARGET"]) / 100
best = None
for rate, sli in zip(rates, slis):
    print(f"{rate:.1f}/s  SLI {sli:.3f}", file=sys.stderr)
    if sli < target:
        break
    best = (rate, sli)
print(*best)
PY
)
write_capacity $best
