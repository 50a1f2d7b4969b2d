#!/usr/bin/env bash
# expect: fail
# why: records the share of the budget already spent under the "remaining" name
# include: _lib/names.sh
# feedback: budget left
set -euo pipefail
cat > $RULES/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: ${S}:slo_availability:objective
        expr: vector(${OBJ})
      - record: ${S}:error_budget:remaining_ratio
        expr: (1 - sum(rate(${S}_http_requests_total{code!~"5.."}[1h])) / sum(rate(${S}_http_requests_total[1h]))) / ${BUDGET}
YAML
reload_prometheus $RULES/slo.yml
