#!/usr/bin/env bash
# expect: pass
# why: one expression with increase() over 1h and the budget written out as a number
# include: _lib/names.sh
set -euo pipefail
cat > $RULES/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: ${S}:slo_availability:objective
        expr: vector(${OBJ})
      - record: ${S}:error_budget:remaining_ratio
        expr: |
          1 - (
            sum(increase(${S}_http_requests_total{code=~"5.."}[1h]))
              / sum(increase(${S}_http_requests_total[1h]))
          ) / ${BUDGET}
YAML
reload_prometheus $RULES/slo.yml
