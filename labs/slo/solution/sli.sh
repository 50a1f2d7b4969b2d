#!/bin/bash
set -euo pipefail
S=$LAB_PARAM_SERVICE
LE=$(python3 -c "print(f'{$LAB_PARAM_LATENCY_THRESHOLD_MS / 1000:g}')")
cat > /lab/prometheus/rules/sli.yml <<YAML
groups:
  - name: ${S}-sli
    rules:
      - record: ${S}:sli_availability:ratio_rate1m
        expr: |
          sum(rate(${S}_http_requests_total{code!~"5.."}[1m]))
          /
          sum(rate(${S}_http_requests_total[1m]))
      - record: ${S}:sli_latency:ratio_rate1m
        expr: |
          sum(rate(${S}_http_request_duration_seconds_bucket{le="${LE}"}[1m]))
          /
          sum(rate(${S}_http_request_duration_seconds_count[1m]))
YAML
promtool check rules /lab/prometheus/rules/sli.yml
curl -fsS -X POST http://prometheus:9090/-/reload
