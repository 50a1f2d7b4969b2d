#!/usr/bin/env bash
# expect: fail
# why: writes the latency bucket's le in milliseconds, a bucket that does not exist
# include: _lib/names.sh
# feedback: returns no data
set -euo pipefail
cat > $RULES/sli.yml <<YAML
groups:
  - name: sli
    rules:
      - record: ${S}:sli_availability:ratio_rate1m
        expr: sum(rate(${S}_http_requests_total{code!~"5.."}[1m])) / sum(rate(${S}_http_requests_total[1m]))
      - record: ${S}:sli_latency:ratio_rate1m
        expr: sum(rate(${S}_http_request_duration_seconds_bucket{le="${LAB_PARAM_LATENCY_THRESHOLD_MS}"}[1m])) / sum(rate(${S}_http_request_duration_seconds_count[1m]))
YAML
reload_prometheus $RULES/sli.yml
