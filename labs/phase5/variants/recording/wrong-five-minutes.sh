#!/usr/bin/env bash
# expect: fail
# why: the ratio over [5m] ("smoother"), under the name that says 1m
# feedback: 1 minute
# needs: instrument, scrape
# include: _lib/reload.sh
cat > /lab/prometheus/rules/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: $s:error_ratio:rate1m
        expr: sum(rate(${s}_http_requests_total{status=~"5.."}[5m])) / sum(rate(${s}_http_requests_total[5m]))
YAML
reload_prometheus
