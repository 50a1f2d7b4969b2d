#!/usr/bin/env bash
# expect: fail
# why: `sum by (status)` on both sides: every status divides by itself, one series per status
# feedback: keeps status
# needs: instrument, scrape
# include: _lib/reload.sh
cat > /lab/prometheus/rules/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: $s:error_ratio:rate1m
        expr: sum by (status) (rate(${s}_http_requests_total{status=~"5.."}[1m])) / sum by (status) (rate(${s}_http_requests_total[1m]))
YAML
reload_prometheus
