#!/bin/bash
# Reference solution: the error ratio over 1m, per job, as a recording rule.
set -euo pipefail
s="$LAB_PARAM_SERVICE"
cat > /lab/prometheus/rules/recording.yml <<YAML
groups:
  - name: ${s}-recording
    rules:
      - record: ${s}:error_ratio:rate1m
        expr: |
          sum by (job) (rate(${s}_http_requests_total{status=~"5.."}[1m]))
            /
          sum by (job) (rate(${s}_http_requests_total[1m]))
YAML
promtool check rules /lab/prometheus/rules/recording.yml
curl -fsS -X POST http://prometheus:9090/-/reload
