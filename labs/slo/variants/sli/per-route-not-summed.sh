#!/usr/bin/env bash
# expect: fail
# why: keeps one series per route (sum by route), so the SLIs are not the whole shop's
# include: _lib/names.sh
# feedback: one series for the whole service
set -euo pipefail
cat > $RULES/sli.yml <<YAML
groups:
  - name: sli
    rules:
      - record: ${S}:sli_availability:ratio_rate1m
        expr: sum by (route) (rate(${S}_http_requests_total{code!~"5.."}[1m])) / sum by (route) (rate(${S}_http_requests_total[1m]))
      - record: ${S}:sli_latency:ratio_rate1m
        expr: sum by (route) (rate(${S}_http_request_duration_seconds_bucket{le="${LE}"}[1m])) / sum by (route) (rate(${S}_http_request_duration_seconds_count[1m]))
YAML
reload_prometheus $RULES/sli.yml
