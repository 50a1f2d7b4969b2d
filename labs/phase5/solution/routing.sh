#!/bin/bash
# Reference solution: Prometheus -> Alertmanager; a webhook receiver for the team's alerts.
set -euo pipefail
python3 - "$LAB_PARAM_TEAM" <<'PY'
import sys
import yaml
team = sys.argv[1]
path = "/lab/prometheus/prometheus.yml"
doc = yaml.safe_load(open(path))
doc["alerting"] = {"alertmanagers": [{"static_configs": [{"targets": ["alertmanager:9093"]}]}]}
yaml.safe_dump(doc, open(path, "w"), sort_keys=False)

path = "/lab/alertmanager/alertmanager.yml"
doc = yaml.safe_load(open(path))
receivers = [r for r in doc.get("receivers", []) if r["name"] != team]
receivers.append({"name": team, "webhook_configs": [{"url": "http://receiver:9095/alerts",
                                                      "send_resolved": True}]})
doc["receivers"] = receivers
routes = [r for r in doc["route"].get("routes", []) if r.get("receiver") != team]
routes.append({"receiver": team, "matchers": [f'team="{team}"']})
doc["route"]["routes"] = routes
yaml.safe_dump(doc, open(path, "w"), sort_keys=False)
PY
promtool check config /lab/prometheus/prometheus.yml
amtool check-config /lab/alertmanager/alertmanager.yml
curl -fsS -X POST http://prometheus:9090/-/reload
curl -fsS -X POST http://alertmanager:9093/-/reload
# Prometheus applies new Alertmanagers a few seconds after a reload: wait for it
for _ in $(seq 60); do
  n=$(curl -fsS http://prometheus:9090/api/v1/alertmanagers | jq '.data.activeAlertmanagers | length')
  [ "$n" -ge 1 ] && exit 0
  sleep 0.5
done
echo "Prometheus does not list Alertmanager" >&2
exit 1
