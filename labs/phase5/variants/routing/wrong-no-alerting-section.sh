#!/usr/bin/env bash
# expect: fail
# why: Alertmanager's side done, but Prometheus is never told where Alertmanager is
# feedback: know an Alertmanager
# needs: instrument, scrape, recording, alert
# include: _lib/reload.sh
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
