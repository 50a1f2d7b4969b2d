#!/usr/bin/env bash
# expect: pass
# why: panels with two or three targets each (p50/p95/p99 in one, CPU and load in another), stat and gauge panel types
# needs: instrument, scrape, recording
set -euo pipefail
s=$LAB_PARAM_SERVICE
python3 - "$s" <<'PY'
import json
import sys

s = sys.argv[1]
h = f"{s}_http_request_duration_seconds_bucket"


def t(ref, expr, legend=""):
    return {"refId": ref, "expr": expr, "legendFormat": legend}


panels = [
    {"id": 1, "type": "stat", "title": "Requests/s", "targets": [t("A", f"sum(rate({s}_http_requests_total[1m]))")]},
    {"id": 2, "type": "timeseries", "title": "Latency percentiles",
     "targets": [t(r, f"histogram_quantile({q}, sum by (le) (rate({h}[1m])))", f"p{int(q * 100)}")
                 for r, q in (("A", 0.5), ("B", 0.95), ("C", 0.99))]},
    {"id": 3, "type": "gauge", "title": "Error ratio", "targets": [t("A", f"{s}:error_ratio:rate1m")]},
    {"id": 4, "type": "timeseries", "title": "Host",
     "targets": [t("A", "node_load1", "load"), t("B", 'sum(rate(node_cpu_seconds_total{mode!="idle"}[1m]))', "cpu")]},
]
json.dump({"title": f"{s}", "schemaVersion": 38, "panels": panels},
          open("/lab/dashboards/service-overview.json", "w"), indent=2)
PY
