#!/usr/bin/env bash
# expect: fail
# why: latency as an average (_sum / _count) instead of a percentile from the buckets
# feedback: histogram_quantile
# needs: instrument, scrape, recording
set -euo pipefail
s=$LAB_PARAM_SERVICE
python3 - "$s" <<'PY'
import json, sys
s = sys.argv[1]
d = f"{s}_http_request_duration_seconds"
panels = [
    {"id": 1, "title": "Traffic", "targets": [{"refId": "A", "expr": f"sum(rate({s}_http_requests_total[1m]))"}]},
    {"id": 2, "title": "Latency", "targets": [{"refId": "A", "expr": f"rate({d}_sum[1m]) / rate({d}_count[1m])"}]},
    {"id": 3, "title": "Errors", "targets": [{"refId": "A", "expr": f"{s}:error_ratio:rate1m"}]},
    {"id": 4, "title": "Load", "targets": [{"refId": "A", "expr": "node_load1"}]},
]
json.dump({"title": s, "panels": panels}, open("/lab/dashboards/service-overview.json", "w"))
PY
