#!/usr/bin/env bash
# expect: pass
# why: heredocs for both files: a matchers route with its own grouping and timings, send_resolved off
# needs: instrument, scrape, recording, alert
# include: _lib/reload.sh
python3 - <<'PY'
import yaml
path = "/lab/prometheus/prometheus.yml"
doc = yaml.safe_load(open(path))
doc["alerting"] = {"alertmanagers": [{"timeout": "5s", "static_configs": [{"targets": ["alertmanager:9093"]}]}]}
yaml.safe_dump(doc, open(path, "w"), sort_keys=False)
PY
cat > /lab/alertmanager/alertmanager.yml <<YAML
route:
  receiver: blackhole
  group_by: [alertname]
  group_wait: 2s
  group_interval: 5s
  repeat_interval: 1h
  routes:
    - receiver: $LAB_PARAM_TEAM-webhook
      matchers: ['team="$LAB_PARAM_TEAM"']
      group_by: [alertname, severity]
      group_wait: 1s
receivers:
  - name: blackhole
  - name: $LAB_PARAM_TEAM-webhook
    webhook_configs:
      - url: http://receiver:9095/alerts
        send_resolved: false
YAML
amtool check-config /lab/alertmanager/alertmanager.yml
reload_alertmanager
reload_prometheus
