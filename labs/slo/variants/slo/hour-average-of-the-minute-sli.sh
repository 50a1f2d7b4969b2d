#!/usr/bin/env bash
# expect: fail
# why: averages the recorded 1-minute SLI over an hour, but that series only exists since the rule was loaded
# include: _lib/names.sh
# needs: sli
# feedback: budget left
set -euo pipefail
cat > $RULES/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: ${S}:slo_availability:objective
        expr: vector(${OBJ})
      - record: ${S}:error_budget:remaining_ratio
        expr: 1 - (1 - avg_over_time(${S}:sli_availability:ratio_rate1m[1h])) / ${BUDGET}
YAML
reload_prometheus $RULES/slo.yml
