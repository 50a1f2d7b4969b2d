#!/usr/bin/env bash
# expect: fail
# why: a working rule is loaded, then an edit with an unclosed parenthesis is reloaded: Prometheus keeps the old rule
# feedback: does not load
# needs: instrument, scrape
# alone: true
# include: _lib/reload.sh
cat > /lab/prometheus/rules/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: $s:error_ratio:rate1m
        expr: sum(rate(${s}_http_requests_total{status=~"5.."}[1m])) / sum(rate(${s}_http_requests_total[1m]))
YAML
reload_prometheus
sleep 6
cat > /lab/prometheus/rules/slo.yml <<YAML
groups:
  - name: slo
    rules:
      - record: $s:error_ratio:rate1m
        expr: sum by (job) (rate(${s}_http_requests_total{status=~"5.."}[1m])) / sum by (job) (rate(${s}_http_requests_total[1m])
YAML
reload_prometheus
