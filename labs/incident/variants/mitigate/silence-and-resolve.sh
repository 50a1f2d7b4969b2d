#!/usr/bin/env bash
# expect: fail
# why: makes the noise stop instead of fixing anything: silences the shop's alerts, resolves the page by hand, marks the record resolved
# feedback: not healthy
# params: fault=latency, link=web-api, dependency=cache, bad_setting=name, rto_seconds=120
# include: _lib/page.sh
set -euo pipefail
amtool silence add service=shop --duration=2h --comment="known issue, looking tomorrow" --author=on-call \
  --alertmanager.url=http://alertmanager:9093
pager resolve "$id" --by on-call
python3 - <<'PY'
import datetime as dt, os, yaml
p = "/lab/incident/incident.yaml"
rec = (yaml.safe_load(open(p)) if os.path.exists(p) else None) or {}
rec.setdefault("timeline", [])
rec["status"] = "resolved"
rec["timeline"].append({"time": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "event": "silenced and resolved"})
yaml.safe_dump(rec, open(p, "w"), sort_keys=False)
PY
