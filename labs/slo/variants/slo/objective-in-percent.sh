#!/usr/bin/env bash
# expect: fail
# why: records the objective as a percentage (99.5) instead of a ratio
# include: _lib/names.sh
# feedback: as a ratio
set -euo pipefail
cat > $RULES/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: ${S}:slo_availability:objective
        expr: vector($LAB_PARAM_AVAILABILITY_TARGET)
      - record: ${S}:error_budget:remaining_ratio
        expr: 1 - (1 - sum(rate(${S}_http_requests_total{code!~"5.."}[1h])) / sum(rate(${S}_http_requests_total[1h]))) / ${BUDGET}
YAML
reload_prometheus $RULES/slo.yml
