#!/usr/bin/env bash
# expect: fail
# why: traffic, errors and host, but no latency panel: three panels
# feedback: at least 4 panels
# needs: instrument, scrape, recording
set -euo pipefail
s=$LAB_PARAM_SERVICE
python3 - "$s" <<'PY'
import json, sys
s = sys.argv[1]
panels = [
    {"id": 1, "title": "Traffic", "targets": [{"refId": "A", "expr": f"sum(rate({s}_http_requests_total[1m]))"}]},
    {"id": 2, "title": "Errors", "targets": [{"refId": "A", "expr": f"{s}:error_ratio:rate1m"}]},
    {"id": 3, "title": "Load", "targets": [{"refId": "A", "expr": "node_load1"}]},
]
json.dump({"title": s, "panels": panels}, open("/lab/dashboards/service-overview.json", "w"))
PY
