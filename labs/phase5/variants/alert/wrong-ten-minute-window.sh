#!/usr/bin/env bash
# expect: fail
# why: the ratio over [10m] in the alert, "to avoid flapping"
# feedback: over 1 minute
# needs: instrument, scrape
# include: _lib/reload.sh
thr=$(python3 -c "print($LAB_PARAM_ERROR_THRESHOLD_PCT / 100)")
cat > /lab/prometheus/rules/alerts.yml <<YAML
groups:
  - name: alerts
    rules:
      - alert: $LAB_PARAM_ALERT_NAME
        expr: sum(rate(${s}_http_requests_total{status=~"5.."}[10m])) / sum(rate(${s}_http_requests_total[10m])) > $thr
        for: 10s
        labels: {team: $LAB_PARAM_TEAM}
        annotations: {summary: "too many errors"}
YAML
reload_prometheus
