#!/usr/bin/env bash
# expect: fail
# why: "turn it off and on again": restarts the API and the front, which is not where the fault is
# needs: triage, diagnose
# feedback: not healthy
set -euo pipefail
ssh -n api 'service shop-api restart'
ssh -n web 'service nginx restart'
sleep 3
python3 - <<'PY'
import datetime as dt, yaml
p = "/lab/incident/incident.yaml"
rec = yaml.safe_load(open(p))
rec["status"] = "mitigated"
rec["timeline"].append({"time": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "event": "restarted api and web"})
yaml.safe_dump(rec, open(p, "w"), sort_keys=False)
PY
