#!/usr/bin/env bash
# expect: fail
# why: histogram_quantile over buckets summed without keeping `le`, so it has nothing to compute from
# feedback: show no data
# needs: instrument, scrape, recording
set -euo pipefail
s=$LAB_PARAM_SERVICE
python3 - "$s" <<'PY'
import json, sys
s = sys.argv[1]
panels = [
    {"id": 1, "title": "Traffic", "targets": [{"refId": "A", "expr": f"sum(rate({s}_http_requests_total[1m]))"}]},
    {"id": 2, "title": "p95", "targets": [{"refId": "A", "expr": f"histogram_quantile(0.95, sum(rate({s}_http_request_duration_seconds_bucket[1m])))"}]},
    {"id": 3, "title": "Errors", "targets": [{"refId": "A", "expr": f"{s}:error_ratio:rate1m"}]},
    {"id": 4, "title": "Load", "targets": [{"refId": "A", "expr": "node_load1"}]},
]
json.dump({"title": s, "panels": panels}, open("/lab/dashboards/service-overview.json", "w"))
PY
