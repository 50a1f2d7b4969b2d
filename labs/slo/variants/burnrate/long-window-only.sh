#!/usr/bin/env bash
# expect: fail
# why: only the 1-minute window, so it keeps paging long after the outage is over
# include: _lib/names.sh
# feedback: still firing
set -euo pipefail
cat > $RULES/burnrate.yml <<YAML
groups:
  - name: burnrate
    rules:
      - alert: ${LAB_PARAM_ALERT_NAME}
        expr: (1 - sum(rate(${S}_http_requests_total{code!~"5.."}[1m])) / sum(rate(${S}_http_requests_total[1m]))) > 14.4 * ${BUDGET}
YAML
reload_prometheus $RULES/burnrate.yml
