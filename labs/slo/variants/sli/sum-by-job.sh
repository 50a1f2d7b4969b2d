#!/usr/bin/env bash
# expect: pass
# why: keeps the job label (sum by job), counts good requests with an explicit list of non-5xx codes
# include: _lib/names.sh
set -euo pipefail
cat > $RULES/slis.yml <<YAML
groups:
  - name: slis
    interval: 2s
    rules:
      - record: ${S}:sli_availability:ratio_rate1m
        expr: |
          sum by (job) (rate(${S}_http_requests_total{code=~"2..|3..|4.."}[1m]))
            / sum by (job) (rate(${S}_http_requests_total[1m]))
      - record: ${S}:sli_latency:ratio_rate1m
        expr: |
          sum by (job) (rate(${S}_http_request_duration_seconds_bucket{le="${LE}"}[1m]))
            / sum by (job) (rate(${S}_http_request_duration_seconds_count[1m]))
YAML
reload_prometheus $RULES/slis.yml
