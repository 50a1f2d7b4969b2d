#!/bin/bash
set -euo pipefail
S=$LAB_PARAM_SERVICE
OBJ=$(python3 -c "print(round($LAB_PARAM_AVAILABILITY_TARGET / 100, 6))")
cat > /lab/prometheus/rules/slo.yml <<YAML
groups:
  - name: ${S}-slo
    rules:
      - record: ${S}:slo_availability:objective
        expr: vector(${OBJ})
      - record: ${S}:sli_availability:ratio_rate1h
        expr: |
          sum(rate(${S}_http_requests_total{code!~"5.."}[1h]))
          /
          sum(rate(${S}_http_requests_total[1h]))
      - record: ${S}:error_budget:remaining_ratio
        expr: |
          1 - (1 - ${S}:sli_availability:ratio_rate1h) / (1 - ${S}:slo_availability:objective)
YAML
promtool check rules /lab/prometheus/rules/slo.yml
curl -fsS -X POST http://prometheus:9090/-/reload
