#!/usr/bin/env bash
# expect: pass
# why: reuses the 1m availability SLI, records a 10s one, and compares the burn rates (error ratio / budget) with 14.4
# include: _lib/names.sh
# needs: sli
set -euo pipefail
cat > $RULES/burn.yml <<YAML
groups:
  - name: burn
    rules:
      - record: ${S}:sli_availability:ratio_rate10s
        expr: sum(rate(${S}_http_requests_total{code!~"5.."}[10s])) / sum(rate(${S}_http_requests_total[10s]))
      - alert: ${LAB_PARAM_ALERT_NAME}
        expr: |
          (1 - ${S}:sli_availability:ratio_rate1m) / ${BUDGET} > 14.4
          and
          (1 - ${S}:sli_availability:ratio_rate10s) / ${BUDGET} > 14.4
        labels:
          severity: page
YAML
reload_prometheus $RULES/burn.yml
