#!/usr/bin/env bash
# expect: pass
# why: sum without(...) keeping job and instance, the latency SLI divided by the request counter instead of the histogram's _count
# include: _lib/names.sh
set -euo pipefail
cat > $RULES/sli.yml <<YAML
groups:
  - name: sli
    rules:
      - record: ${S}:sli_availability:ratio_rate1m
        expr: |
          sum without (route, method, code) (rate(${S}_http_requests_total{code!~"5.."}[1m]))
            / sum without (route, method, code) (rate(${S}_http_requests_total[1m]))
      - record: ${S}:sli_latency:ratio_rate1m
        expr: |
          sum without (route, method, le) (rate(${S}_http_request_duration_seconds_bucket{le="${LE}"}[1m]))
            / sum without (route, method, code) (rate(${S}_http_requests_total[1m]))
YAML
reload_prometheus $RULES/sli.yml
