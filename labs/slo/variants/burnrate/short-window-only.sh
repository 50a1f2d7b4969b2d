#!/usr/bin/env bash
# expect: fail
# why: only the 10-second window, so a blip of errors pages
# include: _lib/names.sh
# feedback: blip
set -euo pipefail
cat > $RULES/burnrate.yml <<YAML
groups:
  - name: burnrate
    rules:
      - alert: ${LAB_PARAM_ALERT_NAME}
        expr: (1 - sum(rate(${S}_http_requests_total{code!~"5.."}[10s])) / sum(rate(${S}_http_requests_total[10s]))) > 14.4 * ${BUDGET}
YAML
reload_prometheus $RULES/burnrate.yml
