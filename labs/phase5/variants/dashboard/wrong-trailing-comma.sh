#!/usr/bin/env bash
# expect: fail
# why: hand-written JSON with a trailing comma after the last panel (Grafana's editor forgives it, JSON does not)
# feedback: not valid JSON
# needs: instrument, scrape, recording
set -euo pipefail
s=$LAB_PARAM_SERVICE
cat > /lab/dashboards/service-overview.json <<JSON
{
  "title": "$s overview",
  "panels": [
    {"id": 1, "title": "Traffic", "targets": [{"refId": "A", "expr": "sum(rate(${s}_http_requests_total[1m]))"}]},
    {"id": 2, "title": "p95", "targets": [{"refId": "A", "expr": "histogram_quantile(0.95, sum by (le) (rate(${s}_http_request_duration_seconds_bucket[1m])))"}]},
    {"id": 3, "title": "Errors", "targets": [{"refId": "A", "expr": "${s}:error_ratio:rate1m"}]},
    {"id": 4, "title": "Load", "targets": [{"refId": "A", "expr": "node_load1"}]},
  ]
}
JSON
