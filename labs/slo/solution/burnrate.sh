#!/bin/bash
# Both windows inline, so the alert does not depend on the other tasks' rules.
set -euo pipefail
S=$LAB_PARAM_SERVICE
BUDGET=$(python3 -c "print(round(1 - $LAB_PARAM_AVAILABILITY_TARGET / 100, 6))")
ratio() { echo "(1 - sum(rate(${S}_http_requests_total{code!~\"5..\"}[$1])) / sum(rate(${S}_http_requests_total[$1])))"; }
cat > /lab/prometheus/rules/burnrate.yml <<YAML
groups:
  - name: ${S}-burnrate
    rules:
      - alert: ${LAB_PARAM_ALERT_NAME}
        expr: |
          $(ratio 1m) > 14.4 * ${BUDGET}
          and
          $(ratio 10s) > 14.4 * ${BUDGET}
        labels:
          severity: page
        annotations:
          summary: "${S} burns its error budget more than 14.4 times too fast"
YAML
promtool check rules /lab/prometheus/rules/burnrate.yml
curl -fsS -X POST http://prometheus:9090/-/reload
