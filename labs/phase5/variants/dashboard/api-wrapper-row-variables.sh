#!/usr/bin/env bash
# expect: pass
# why: the dashboard in the HTTP API's {"dashboard": ...} wrapper, panels in a collapsed row, $__rate_interval and a $job variable with a current value
# needs: instrument, scrape, recording
set -euo pipefail
s=$LAB_PARAM_SERVICE
python3 - "$s" <<'PY'
import json
import sys

s = sys.argv[1]


def panel(i, title, expr):
    return {"id": i, "type": "timeseries", "title": title,
            "targets": [{"refId": "A", "expr": expr, "datasource": {"uid": "${DS}"}}]}


rows = [
    panel(2, "Traffic", f'sum by (status) (rate({s}_http_requests_total{{job="$job"}}[$__rate_interval]))'),
    panel(3, "p99 latency", f"histogram_quantile(0.99, sum by (le) (rate({s}_http_request_duration_seconds_bucket[5m])))"),
    panel(4, "Errors", f'sum(rate({s}_http_requests_total{{status=~"5.."}}[5m])) / sum(rate({s}_http_requests_total[5m]))'),
    panel(5, "Memory available", "node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes"),
]
doc = {"dashboard": {
    "title": "orders", "panels": [{"id": 1, "type": "row", "title": "Service", "collapsed": True, "panels": rows}],
    "templating": {"list": [{"name": "job", "type": "query", "current": {"value": s}}]},
}, "overwrite": True}
json.dump(doc, open("/lab/dashboards/service-overview.json", "w"), indent=1)
PY
