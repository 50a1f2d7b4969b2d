#!/usr/bin/env bash
# expect: pass
# why: Alertmanager's older `match:` map and an `alerting:` section with api_version v2, edited in with sed and cat
# needs: instrument, scrape, recording, alert
# include: _lib/reload.sh
cat >> /lab/prometheus/prometheus.yml <<'YAML'
alerting:
  alertmanagers:
    - api_version: v2
      scheme: http
      static_configs:
        - targets: [alertmanager:9093]
YAML
cat > /lab/alertmanager/alertmanager.yml <<YAML
route:
  receiver: blackhole
  group_by: [alertname, team]
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 1h
  routes:
    - match:
        team: $LAB_PARAM_TEAM
      receiver: oncall
receivers:
  - name: blackhole
  - name: oncall
    webhook_configs:
      - url: "http://receiver:9095/alerts"
YAML
reload_alertmanager
reload_prometheus
