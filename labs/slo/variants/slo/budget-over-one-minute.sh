#!/usr/bin/env bash
# expect: fail
# why: computes the budget left over the last minute, not over the SLO's one-hour window
# include: _lib/names.sh
# feedback: 1-hour error budget
set -euo pipefail
cat > $RULES/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: ${S}:slo_availability:objective
        expr: vector(${OBJ})
      - record: ${S}:error_budget:remaining_ratio
        expr: 1 - (1 - sum(rate(${S}_http_requests_total{code!~"5.."}[1m])) / sum(rate(${S}_http_requests_total[1m]))) / ${BUDGET}
YAML
reload_prometheus $RULES/slo.yml
