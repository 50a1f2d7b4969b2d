#!/usr/bin/env bash
# expect: fail
# why: a `description` annotation but no `summary`
# feedback: summary
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
        labels: {team: $LAB_PARAM_TEAM}
        annotations: {description: "More than $LAB_PARAM_ERROR_THRESHOLD_PCT% of requests fail"}
YAML
reload_prometheus
