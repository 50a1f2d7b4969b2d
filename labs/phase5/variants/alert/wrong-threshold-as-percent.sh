#!/usr/bin/env bash
# expect: fail
# why: the ratio (0..1) compared with the percentage number, so it can never fire
# feedback: is false
# needs: instrument, scrape
# include: _lib/reload.sh
cat > /lab/prometheus/rules/alerts.yml <<YAML
groups:
  - name: alerts
    rules:
      - alert: $LAB_PARAM_ALERT_NAME
        expr: sum(rate(${s}_http_requests_total{status=~"5.."}[1m])) / sum(rate(${s}_http_requests_total[1m])) > $LAB_PARAM_ERROR_THRESHOLD_PCT
        for: 10s
        labels: {team: $LAB_PARAM_TEAM, severity: page}
        annotations: {summary: "too many errors"}
YAML
reload_prometheus
