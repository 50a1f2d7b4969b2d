#!/usr/bin/env bash
# expect: pass
# why: the rates recorded first (per job), the ratio recorded from them: the 1m window is in the rules it reads
# needs: instrument, scrape
# include: _lib/reload.sh
cat > /lab/prometheus/rules/recording.yml <<YAML
groups:
  - name: $s-rates
    rules:
      - record: job:${s}_requests:rate1m
        expr: sum by (job) (rate(${s}_http_requests_total[1m]))
      - record: job:${s}_errors:rate1m
        expr: sum by (job) (rate(${s}_http_requests_total{status=~"5.."}[1m]))
      - record: $s:error_ratio:rate1m
        expr: job:${s}_errors:rate1m / job:${s}_requests:rate1m
YAML
reload_prometheus
