#!/usr/bin/env bash
# expect: fail
# why: the webhook sent to the receiver's root URL, not to /alerts as the task says
# feedback: receiver:9095/alerts
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
    - matchers: [team="$LAB_PARAM_TEAM"]
      receiver: webhook
receivers:
  - name: blackhole
  - name: webhook
    webhook_configs:
      - url: http://receiver:9095/
YAML
reload_alertmanager
reload_prometheus
