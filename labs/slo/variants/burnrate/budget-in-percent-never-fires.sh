#!/usr/bin/env bash
# expect: fail
# why: multiplies 14.4 by the budget in percent (0.5 instead of 0.005), so the threshold is out of reach and the alert never fires
# include: _lib/names.sh
# feedback: did not fire
set -euo pipefail
PCT=$(python3 -c "print(round(100 - $LAB_PARAM_AVAILABILITY_TARGET, 4))")
cat > $RULES/burnrate.yml <<YAML
groups:
  - name: burnrate
    rules:
      - alert: ${LAB_PARAM_ALERT_NAME}
        expr: |
          (1 - sum(rate(${S}_http_requests_total{code!~"5.."}[1m])) / sum(rate(${S}_http_requests_total[1m]))) > 14.4 * ${PCT}
          and
          (1 - sum(rate(${S}_http_requests_total{code!~"5.."}[10s])) / sum(rate(${S}_http_requests_total[10s]))) > 14.4 * ${PCT}
YAML
reload_prometheus $RULES/burnrate.yml
