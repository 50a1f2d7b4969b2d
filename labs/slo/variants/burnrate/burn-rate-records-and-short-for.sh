#!/usr/bin/env bash
# expect: pass
# why: records the burn rate per window with increase(), then alerts with for: 4s and `and on()`
# include: _lib/names.sh
set -euo pipefail
cat > $RULES/burnrate.yml <<YAML
groups:
  - name: burnrate
    rules:
      - record: ${S}:burnrate1m
        expr: (sum(increase(${S}_http_requests_total{code=~"5.."}[1m])) / sum(increase(${S}_http_requests_total[1m]))) / ${BUDGET}
      - record: ${S}:burnrate10s
        expr: (sum(increase(${S}_http_requests_total{code=~"5.."}[10s])) / sum(increase(${S}_http_requests_total[10s]))) / ${BUDGET}
      - alert: ${LAB_PARAM_ALERT_NAME}
        expr: ${S}:burnrate1m > 14.4 and on() ${S}:burnrate10s > 14.4
        for: 4s
        labels:
          severity: critical
        annotations:
          summary: "burning the error budget 14.4x too fast"
YAML
reload_prometheus $RULES/burnrate.yml
