#!/usr/bin/env bash
# expect: fail
# why: the right two windows, but a for: 5m that holds the page back far beyond a minute
# include: _lib/names.sh
# feedback: did not fire within 60 s
set -euo pipefail
cat > $RULES/burnrate.yml <<YAML
groups:
  - name: burnrate
    rules:
      - alert: ${LAB_PARAM_ALERT_NAME}
        expr: |
          (1 - sum(rate(${S}_http_requests_total{code!~"5.."}[1m])) / sum(rate(${S}_http_requests_total[1m]))) > 14.4 * ${BUDGET}
          and
          (1 - sum(rate(${S}_http_requests_total{code!~"5.."}[10s])) / sum(rate(${S}_http_requests_total[10s]))) > 14.4 * ${BUDGET}
        for: 5m
YAML
reload_prometheus $RULES/burnrate.yml
