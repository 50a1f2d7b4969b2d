#!/usr/bin/env bash
# expect: pass
# why: the ratio computed in the alert itself (no recording rule), for: 15s, summary and description
# needs: instrument, scrape
# include: _lib/reload.sh
thr=$(python3 -c "print($LAB_PARAM_ERROR_THRESHOLD_PCT / 100)")
cat > /lab/prometheus/rules/alerts.yml <<YAML
groups:
  - name: alerts
    rules:
      - alert: $LAB_PARAM_ALERT_NAME
        expr: sum(rate(${s}_http_requests_total{status=~"5.."}[1m])) / sum(rate(${s}_http_requests_total[1m])) > $thr
        for: 15s
        labels:
          team: $LAB_PARAM_TEAM
          severity: page
        annotations:
          summary: "More than $LAB_PARAM_ERROR_THRESHOLD_PCT% of $s requests fail"
          description: "{{ \$value | humanizePercentage }} of requests failed over the last minute"
YAML
promtool check rules /lab/prometheus/rules/alerts.yml
reload_prometheus
