#!/usr/bin/env bash
# expect: fail
# why: the team put in an annotation instead of a label
# feedback: team=
# needs: instrument, scrape
# include: _lib/reload.sh
thr=$(python3 -c "print($LAB_PARAM_ERROR_THRESHOLD_PCT / 100)")
cat > /lab/prometheus/rules/alerts.yml <<YAML
groups:
  - name: alerts
    rules:
      - alert: $LAB_PARAM_ALERT_NAME
        expr: sum(rate(${s}_http_requests_total{status=~"5.."}[1m])) / sum(rate(${s}_http_requests_total[1m])) > $thr
        for: 10s
        labels: {severity: page}
        annotations: {summary: "too many errors", team: $LAB_PARAM_TEAM}
YAML
reload_prometheus
