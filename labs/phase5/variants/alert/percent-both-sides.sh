#!/usr/bin/env bash
# expect: pass
# why: the ratio times 100 compared with the percentage itself, and for: 30s (the most allowed)
# needs: instrument, scrape
# include: _lib/reload.sh
cat > /lab/prometheus/rules/alerts.yml <<YAML
groups:
  - name: $s-alerts
    interval: 5s
    rules:
      - alert: $LAB_PARAM_ALERT_NAME
        expr: |
          100 * sum(increase(${s}_http_requests_total{status=~"5.."}[1m]))
            / sum(increase(${s}_http_requests_total[1m])) > $LAB_PARAM_ERROR_THRESHOLD_PCT
        for: 30s
        labels: {team: $LAB_PARAM_TEAM}
        annotations: {summary: "$s error ratio above $LAB_PARAM_ERROR_THRESHOLD_PCT%"}
YAML
reload_prometheus
