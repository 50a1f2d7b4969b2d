#!/usr/bin/env bash
# expect: fail
# why: makes the noise stop instead of fixing anything: silences the shop's alerts, resolves the page by hand, marks the record resolved
# needs: triage, diagnose
# feedback: not healthy
set -euo pipefail
amtool silence add service=shop --duration=2h --comment="known issue, looking tomorrow" --author=on-call \
  --alertmanager.url=http://alertmanager:9093
id=$(python3 -c 'import yaml; print(yaml.safe_load(open("/lab/incident/incident.yaml"))["incident"])')
pager resolve "$id" --by on-call
python3 - <<'PY'
import datetime as dt, yaml
p = "/lab/incident/incident.yaml"
rec = yaml.safe_load(open(p))
rec["status"] = "resolved"
rec["timeline"].append({"time": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "event": "silenced and resolved"})
yaml.safe_dump(rec, open(p, "w"), sort_keys=False)
PY
