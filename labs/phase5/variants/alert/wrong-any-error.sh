#!/usr/bin/env bash
# expect: fail
# why: fires on any error at all (rate of 5xx > 0), not on the share of failing requests
# feedback: below the threshold
# needs: instrument, scrape
# include: _lib/reload.sh
cat > /lab/prometheus/rules/alerts.yml <<YAML
groups:
  - name: alerts
    rules:
      - alert: $LAB_PARAM_ALERT_NAME
        expr: sum(rate(${s}_http_requests_total{status=~"5.."}[1m])) > 0
        for: 10s
        labels: {team: $LAB_PARAM_TEAM, severity: page}
        annotations: {summary: "errors!"}
YAML
reload_prometheus
