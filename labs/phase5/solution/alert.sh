#!/bin/bash
# Reference solution: alert on the recorded ratio, labelled for routing.
set -euo pipefail
s="$LAB_PARAM_SERVICE"
thr=$(python3 -c "print(${LAB_PARAM_ERROR_THRESHOLD_PCT} / 100)")
cat > /lab/prometheus/rules/alerts.yml <<YAML
groups:
  - name: ${s}-alerts
    rules:
      - alert: ${LAB_PARAM_ALERT_NAME}
        expr: ${s}:error_ratio:rate1m > ${thr}
        for: 10s
        labels:
          team: ${LAB_PARAM_TEAM}
          severity: page
        annotations:
          summary: "{{ \$labels.job }}: {{ \$value | humanizePercentage }} of requests fail"
YAML
promtool check rules /lab/prometheus/rules/alerts.yml
curl -fsS -X POST http://prometheus:9090/-/reload
