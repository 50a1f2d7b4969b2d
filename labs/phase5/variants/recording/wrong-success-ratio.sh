#!/usr/bin/env bash
# expect: fail
# why: the share of 2xx responses (availability) instead of the share of 5xx
# feedback: share of 5xx
# needs: instrument, scrape
# include: _lib/reload.sh
cat > /lab/prometheus/rules/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: $s:error_ratio:rate1m
        expr: sum(rate(${s}_http_requests_total{status=~"2.."}[1m])) / sum(rate(${s}_http_requests_total[1m]))
YAML
reload_prometheus
