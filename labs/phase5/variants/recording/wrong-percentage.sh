#!/usr/bin/env bash
# expect: fail
# why: the ratio times 100, "a percentage is easier to read"
# feedback: percentage
# needs: instrument, scrape
# include: _lib/reload.sh
cat > /lab/prometheus/rules/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: $s:error_ratio:rate1m
        expr: 100 * sum(rate(${s}_http_requests_total{status=~"5.."}[1m])) / sum(rate(${s}_http_requests_total[1m]))
YAML
reload_prometheus
