#!/usr/bin/env bash
# expect: fail
# why: right rules in the right place, but Prometheus was never reloaded
# include: _lib/names.sh
# feedback: no recording rule named
set -euo pipefail
cat > $RULES/sli.yml <<YAML
groups:
  - name: sli
    rules:
      - record: ${S}:sli_availability:ratio_rate1m
        expr: sum(rate(${S}_http_requests_total{code!~"5.."}[1m])) / sum(rate(${S}_http_requests_total[1m]))
      - record: ${S}:sli_latency:ratio_rate1m
        expr: sum(rate(${S}_http_request_duration_seconds_bucket{le="${LE}"}[1m])) / sum(rate(${S}_http_request_duration_seconds_count[1m]))
YAML
promtool check rules $RULES/sli.yml
