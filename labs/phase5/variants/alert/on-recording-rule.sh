#!/usr/bin/env bash
# expect: pass
# why: built on the recording rule, with no `for:` at all (fires at once) and labels in block style
# needs: instrument, scrape, recording
# include: _lib/reload.sh
thr=$(python3 -c "print($LAB_PARAM_ERROR_THRESHOLD_PCT / 100)")
cat > /lab/prometheus/rules/paging.yml <<YAML
groups:
  - name: paging
    rules:
      - alert: $LAB_PARAM_ALERT_NAME
        expr: $s:error_ratio:rate1m > $thr
        labels:
          team: "$LAB_PARAM_TEAM"
          severity: critical
        annotations:
          summary: "{{ \$labels.job }} fails {{ \$value | humanizePercentage }} of its requests"
YAML
reload_prometheus
