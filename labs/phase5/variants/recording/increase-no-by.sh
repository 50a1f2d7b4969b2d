#!/usr/bin/env bash
# expect: pass
# why: increase() instead of rate(), summed away entirely, in a group with its own 5s interval
# needs: instrument, scrape
# include: _lib/reload.sh
cat > /lab/prometheus/rules/slo.yml <<YAML
groups:
  - name: slo
    interval: 5s
    rules:
      - record: $s:error_ratio:rate1m
        expr: sum(increase(${s}_http_requests_total{status=~"5.*"}[1m])) / sum(increase(${s}_http_requests_total[1m]))
YAML
promtool check rules /lab/prometheus/rules/slo.yml
reload_prometheus
