#!/usr/bin/env bash
# expect: fail
# why: writes the alert that fired as the fault and the front as the component: the symptom, not the cause
# feedback: cause.fault
# params: fault=dependency, link=web-api, dependency=cache, bad_setting=host, rto_seconds=120
# include: _lib/page.sh
# include: _lib/ripe.sh
set -euo pipefail
alert=$(echo "$page" | jq -r '.alerts[0]')
line=$(ssh -n web "tail -1 /var/log/nginx/access.log")
python3 - "$alert" "$line" <<'PY'
import datetime as dt, os, sys, yaml
alert, line = sys.argv[1:]
rec = (yaml.safe_load(open("/lab/incident/incident.yaml")) if os.path.exists("/lab/incident/incident.yaml") else None) or {}
rec.setdefault("timeline", [])
rec["cause"] = {"fault": alert, "component": "web",
                "metric": {"query": "shop_web_requests_total",
                           "at": (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=3)).isoformat()},
                "log": {"service": "web", "line": line}}
os.makedirs("/lab/incident", exist_ok=True); yaml.safe_dump(rec, open("/lab/incident/incident.yaml", "w"), sort_keys=False)
PY
