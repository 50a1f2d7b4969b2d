#!/usr/bin/env bash
# expect: fail
# why: picks the bucket above the threshold (1.5x), counting slightly slow requests as fast
# include: _lib/names.sh
# feedback: answered within
set -euo pipefail
UP=$(python3 -c "print(f'{round($LAB_PARAM_LATENCY_THRESHOLD_MS * 1.5 / 1000, 4):g}')")
cat > $RULES/sli.yml <<YAML
groups:
  - name: sli
    rules:
      - record: ${S}:sli_availability:ratio_rate1m
        expr: sum(rate(${S}_http_requests_total{code!~"5.."}[1m])) / sum(rate(${S}_http_requests_total[1m]))
      - record: ${S}:sli_latency:ratio_rate1m
        expr: sum(rate(${S}_http_request_duration_seconds_bucket{le="${UP}"}[1m])) / sum(rate(${S}_http_request_duration_seconds_count[1m]))
YAML
reload_prometheus $RULES/sli.yml
