#!/usr/bin/env bash
# expect: pass
# why: an anchored regex matcher (team=~"^...$") with continue: false, and a trailing slash in the webhook URL
# needs: instrument, scrape, recording, alert
# include: _lib/reload.sh
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
doc["receivers"].append({"name": "team-hook", "webhook_configs": [{"url": "http://receiver:9095/alerts/"}]})
doc["route"]["routes"] = [{"receiver": "team-hook", "matchers": [f'team=~"^{team}$"'], "continue": False}]
yaml.safe_dump(doc, open(path, "w"), sort_keys=False)
PY
reload_alertmanager
reload_prometheus
