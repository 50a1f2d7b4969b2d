# Helpers for instrument variants: write app.py and wait until the restarted service
# serves what the variant expects on /metrics.
set -euo pipefail
s=$LAB_PARAM_SERVICE
wait_for_metrics() {   # wait_for_metrics NEEDLE
  for _ in $(seq 120); do
    curl -fsS -m 3 http://app:8000/api/orders >/dev/null 2>&1 || true
    if curl -fsS -m 3 http://app:8000/metrics 2>/dev/null | grep -q -- "$1"; then return 0; fi
    sleep 0.5
  done
  echo "the service never served $1 on /metrics" >&2
  return 1
}
