# Load the shop from the workspace at a total rate (the everyday users send ~5/s of it) and
# read Prometheus, as a learner does by hand with locust, curl and jq.
PROM=http://prometheus:9090
promq() { curl -fsS "$PROM/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // "nan"'; }
cat > /tmp/steady.py <<'PY'
import os

from locust import HttpUser, constant_throughput, task


class Steady(HttpUser):
    wait_time = constant_throughput(float(os.environ["RATE"]) / 60)   # 60 users: slow answers never hold the rate back

    @task
    def browse(self):
        self.client.get("/api/products")
PY
# step RATE: load at RATE for 24 s; prints "<measured rate> <latency SLI>" over the step's last 12 s
# (the shop's queue follows a new rate within ~10 s)
step() {
    local other
    other=$(python3 -c "print(max(0.5, $1 - 5))")
    RATE=$other locust -f /tmp/steady.py --headless -u 60 -r 10 -t 24s -H http://app:8000 \
        --only-summary --loglevel ERROR >/dev/null 2>&1 &
    sleep 23
    echo "$(promq "sum(rate(${S}_http_requests_total[12s]))") $(promq "sum(rate(${S}_http_request_duration_seconds_bucket{le=\"${LE}\"}[12s])) / sum(rate(${S}_http_request_duration_seconds_count[12s]))")"
    wait
}
holds() { python3 -c "import sys; sys.exit(0 if float('$1') >= $LAB_PARAM_LATENCY_TARGET / 100 else 1)"; }
write_capacity() {  # capacity_rps (floored) and the SLI measured there
    python3 - "$1" "$2" <<'PY'
import math, os, sys, yaml
path = "/lab/capacity/report.yaml"
report = (yaml.safe_load(open(path)) if os.path.exists(path) else None) or {}
report["capacity_rps"] = math.floor(float(sys.argv[1]))
report["latency_sli_at_capacity"] = round(float(sys.argv[2]), 3)
yaml.safe_dump(report, open(path, "w"), sort_keys=False)
print(report)
PY
}
mkdir -p /lab/capacity
