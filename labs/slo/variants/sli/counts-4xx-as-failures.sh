#!/usr/bin/env bash
# expect: fail
# why: treats every 4xx answer (the customer's mistake) as a failure of the shop
# include: _lib/names.sh
# feedback: did not fail
set -euo pipefail
cat > $RULES/sli.yml <<YAML
groups:
  - name: sli
    rules:
      - record: ${S}:sli_availability:ratio_rate1m
        expr: sum(rate(${S}_http_requests_total{code!~"[45].."}[1m])) / sum(rate(${S}_http_requests_total[1m]))
      - record: ${S}:sli_latency:ratio_rate1m
        expr: sum(rate(${S}_http_request_duration_seconds_bucket{le="${LE}"}[1m])) / sum(rate(${S}_http_request_duration_seconds_count[1m]))
YAML
reload_prometheus $RULES/sli.yml
