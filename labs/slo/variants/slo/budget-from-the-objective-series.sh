#!/usr/bin/env bash
# expect: pass
# why: divides by (1 - the recorded objective) with scalar(), and counts requests with the histogram's _count
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
            1 - sum(rate(${S}_http_requests_total{code!~"5.."}[1h])) / sum(rate(${S}_http_request_duration_seconds_count[1h]))
          ) / (1 - scalar(${S}:slo_availability:objective))
YAML
reload_prometheus $RULES/slo.yml
