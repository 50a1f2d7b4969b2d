#!/usr/bin/env bash
# expect: fail
# why: `for: 5m`, the usual production value, where the task asks for at most 30 seconds
# feedback: at most 30s
# needs: instrument, scrape
# include: _lib/reload.sh
thr=$(python3 -c "print($LAB_PARAM_ERROR_THRESHOLD_PCT / 100)")
cat > /lab/prometheus/rules/alerts.yml <<YAML
groups:
  - name: alerts
    rules:
      - alert: $LAB_PARAM_ALERT_NAME
        expr: sum(rate(${s}_http_requests_total{status=~"5.."}[1m])) / sum(rate(${s}_http_requests_total[1m])) > $thr
        for: 5m
        labels: {team: $LAB_PARAM_TEAM}
        annotations: {summary: "too many errors"}
YAML
reload_prometheus
