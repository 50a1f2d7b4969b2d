#!/usr/bin/env bash
# expect: fail
# why: routes on severity="page" (what the alert also carries) instead of on the team label
# feedback: another team
# needs: instrument, scrape, recording, alert
# include: _lib/reload.sh
cat >> /lab/prometheus/prometheus.yml <<'YAML'
alerting:
  alertmanagers:
    - static_configs:
        - targets: [alertmanager:9093]
YAML
cat > /lab/alertmanager/alertmanager.yml <<YAML
route:
  receiver: blackhole
  group_wait: 2s
  group_interval: 5s
  routes:
    - matchers: [severity="page"]
      receiver: pager
receivers:
  - name: blackhole
  - name: pager
    webhook_configs:
      - url: http://receiver:9095/alerts
YAML
reload_alertmanager
reload_prometheus
