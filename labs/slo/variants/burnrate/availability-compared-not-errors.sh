#!/usr/bin/env bash
# expect: fail
# why: compares the availability ratio (not the error ratio) with the burn threshold, so it pages all the time
# include: _lib/names.sh
# feedback: normal traffic
set -euo pipefail
cat > $RULES/burnrate.yml <<YAML
groups:
  - name: burnrate
    rules:
      - alert: ${LAB_PARAM_ALERT_NAME}
        expr: |
          sum(rate(${S}_http_requests_total{code!~"5.."}[1m])) / sum(rate(${S}_http_requests_total[1m])) > 14.4 * ${BUDGET}
          and
          sum(rate(${S}_http_requests_total{code!~"5.."}[10s])) / sum(rate(${S}_http_requests_total[10s])) > 14.4 * ${BUDGET}
YAML
reload_prometheus $RULES/burnrate.yml
