#!/usr/bin/env bash
# expect: fail
# why: "turn it off and on again": restarts the API and the front, which is not where the fault is
# feedback: not healthy
# params: fault=loss, link=api-cache, dependency=db, bad_setting=host, rto_seconds=120
# include: _lib/page.sh
set -euo pipefail
ssh -n api 'service shop-api restart'
ssh -n web 'service nginx restart'
sleep 3
python3 - <<'PY'
import datetime as dt, os, yaml
p = "/lab/incident/incident.yaml"
rec = (yaml.safe_load(open(p)) if os.path.exists(p) else None) or {}
rec.setdefault("timeline", [])
rec["status"] = "mitigated"
rec["timeline"].append({"time": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "event": "restarted api and web"})
yaml.safe_dump(rec, open(p, "w"), sort_keys=False)
PY
