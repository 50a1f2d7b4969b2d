#!/usr/bin/env bash
# expect: pass
# why: increase() instead of rate(), availability as 1 - failed/all, one file per SLI
# include: _lib/names.sh
set -euo pipefail
cat > $RULES/availability.yml <<YAML
groups:
  - name: availability
    rules:
      - record: ${S}:sli_availability:ratio_rate1m
        expr: 1 - sum(increase(${S}_http_requests_total{code=~"5.."}[1m])) / sum(increase(${S}_http_requests_total[1m]))
YAML
cat > $RULES/latency.yml <<YAML
groups:
  - name: latency
    rules:
      - record: ${S}:sli_latency:ratio_rate1m
        expr: sum(increase(${S}_http_request_duration_seconds_bucket{le="${LE}"}[1m])) / sum(increase(${S}_http_request_duration_seconds_count[1m]))
YAML
reload_prometheus $RULES/availability.yml $RULES/latency.yml
