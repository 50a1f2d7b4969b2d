#!/bin/bash
# Reference solution: four panels (traffic by status, p95 latency, error ratio, host load).
set -euo pipefail
s="$LAB_PARAM_SERVICE"
python3 - "$s" > /lab/dashboards/service-overview.json <<'PY'
import json
import sys
s = sys.argv[1]

def panel(i, title, expr, unit):
    return {"id": i, "type": "timeseries", "title": title,
            "gridPos": {"h": 8, "w": 12, "x": 12 * ((i - 1) % 2), "y": 8 * ((i - 1) // 2)},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "targets": [{"refId": "A", "expr": expr, "legendFormat": ""}]}

print(json.dumps({
    "title": f"{s} overview", "uid": f"{s}-overview", "schemaVersion": 38,
    "time": {"from": "now-15m", "to": "now"}, "refresh": "10s",
    "panels": [
        panel(1, "Requests per second by status",
              f"sum by (status) (rate({s}_http_requests_total[1m]))", "reqps"),
        panel(2, "p95 latency",
              f"histogram_quantile(0.95, sum by (le) (rate({s}_http_request_duration_seconds_bucket[1m])))", "s"),
        panel(3, "Error ratio", f"{s}:error_ratio:rate1m", "percentunit"),
        panel(4, "Host load (1m)", "node_load1", "short"),
    ],
}, indent=2))
PY
