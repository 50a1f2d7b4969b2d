#!/usr/bin/env bash
# expect: fail
# why: the traffic panel queries http_request_total (singular): an empty graph that looks like "all quiet"
# feedback: show no data
# needs: instrument, scrape, recording
set -euo pipefail
s=$LAB_PARAM_SERVICE
python3 - "$s" <<'PY'
import json, sys
s = sys.argv[1]
panels = [
    {"id": 1, "title": "Traffic", "targets": [{"refId": "A", "expr": f"sum(rate({s}_http_request_total[1m]))"}]},
    {"id": 2, "title": "p95", "targets": [{"refId": "A", "expr": f"histogram_quantile(0.95, sum by (le) (rate({s}_http_request_duration_seconds_bucket[1m])))"}]},
    {"id": 3, "title": "Errors", "targets": [{"refId": "A", "expr": f"{s}:error_ratio:rate1m"}]},
    {"id": 4, "title": "Load", "targets": [{"refId": "A", "expr": "node_load1"}]},
]
json.dump({"title": s, "panels": panels}, open("/lab/dashboards/service-overview.json", "w"))
PY
