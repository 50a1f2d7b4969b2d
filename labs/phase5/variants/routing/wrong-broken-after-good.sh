#!/usr/bin/env bash
# expect: fail
# why: a working alertmanager.yml is loaded, then an edit with a misspelt key is reloaded: Alertmanager keeps the old one
# feedback: alertmanager.yml does not load
# needs: instrument, scrape, recording, alert
# alone: true
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
      - url: http://receiver:9095/alerts
YAML
reload_alertmanager
reload_prometheus
sleep 3
sed -i 's/send_resolved: .*//; s/^      - url:/      - urls:/' /lab/alertmanager/alertmanager.yml
reload_alertmanager
