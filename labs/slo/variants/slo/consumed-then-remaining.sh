#!/usr/bin/env bash
# expect: pass
# why: records the hour's error ratio and the budget consumed first, then remaining = 1 - consumed, over two groups
# include: _lib/names.sh
set -euo pipefail
cat > $RULES/objective.yml <<YAML
groups:
  - name: objective
    rules:
      - record: ${S}:slo_availability:objective
        expr: vector($LAB_PARAM_AVAILABILITY_TARGET / 100)
YAML
cat > $RULES/budget.yml <<YAML
groups:
  - name: budget
    rules:
      - record: ${S}:errors:ratio_rate1h
        expr: sum(rate(${S}_http_requests_total{code=~"5.."}[1h])) / sum(rate(${S}_http_requests_total[1h]))
      - record: ${S}:error_budget:consumed_ratio
        expr: ${S}:errors:ratio_rate1h / (1 - $LAB_PARAM_AVAILABILITY_TARGET / 100)
      - record: ${S}:error_budget:remaining_ratio
        expr: 1 - ${S}:error_budget:consumed_ratio
YAML
reload_prometheus $RULES/objective.yml $RULES/budget.yml
