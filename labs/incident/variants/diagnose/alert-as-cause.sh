#!/usr/bin/env bash
# expect: fail
# why: writes the alert that fired as the fault and the front as the component: the symptom, not the cause
# needs: triage
# feedback: cause.fault
set -euo pipefail
alert=$(python3 -c 'import yaml; print(yaml.safe_load(open("/lab/incident/incident.yaml"))["alert"])')
line=$(ssh -n web "tail -1 /var/log/nginx/access.log")
python3 - "$alert" "$line" <<'PY'
import datetime as dt, sys, yaml
alert, line = sys.argv[1:]
rec = yaml.safe_load(open("/lab/incident/incident.yaml"))
rec["cause"] = {"fault": alert, "component": "web",
                "metric": {"query": "shop_web_requests_total",
                           "at": (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=3)).isoformat()},
                "log": {"service": "web", "line": line}}
yaml.safe_dump(rec, open("/lab/incident/incident.yaml", "w"), sort_keys=False)
PY
