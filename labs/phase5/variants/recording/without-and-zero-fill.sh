#!/usr/bin/env bash
# expect: pass
# why: `sum without (status, method)` on both sides, with `or ... * 0` so that a minute without errors gives 0 instead of nothing
# needs: instrument, scrape
# include: _lib/reload.sh
cat > /lab/prometheus/rules/errors.yml <<YAML
groups:
  - name: errors
    rules:
      - record: $s:error_ratio:rate1m
        expr: >
          (sum without (status, method) (rate(${s}_http_requests_total{status=~"5.."}[1m]))
            or sum without (status, method) (rate(${s}_http_requests_total[1m])) * 0)
          / sum without (status, method) (rate(${s}_http_requests_total[1m]))
YAML
promtool check rules /lab/prometheus/rules/errors.yml
reload_prometheus
