#!/usr/bin/env bash
# expect: fail
# why: the fault class is right, but the component is the front (web), where customers feel it, not where the fault sits
# feedback: component
# params: fault=disk, link=api-cache, dependency=cache, bad_setting=name, rto_seconds=120
# include: _lib/page.sh
# include: _lib/ripe.sh
set -euo pipefail
case "$LAB_PARAM_FAULT" in
  latency|loss) fault=$LAB_PARAM_FAULT ;; dependency) fault=dependency-down ;; disk) fault=disk-full ;; config) fault=bad-config ;;
esac
line=$(ssh -n web "tail -1 /var/log/nginx/access.log")
python3 - "$fault" "$line" <<'PY'
import datetime as dt, os, sys, yaml
fault, line = sys.argv[1:]
rec = (yaml.safe_load(open("/lab/incident/incident.yaml")) if os.path.exists("/lab/incident/incident.yaml") else None) or {}
rec.setdefault("timeline", [])
rec["cause"] = {"fault": fault, "component": "web",
                "metric": {"query": "histogram_quantile(0.95, sum by (le) (rate(shop_web_request_duration_seconds_bucket[30s])))",
                           "at": (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=3)).isoformat()},
                "log": {"service": "web", "line": line}}
os.makedirs("/lab/incident", exist_ok=True); yaml.safe_dump(rec, open("/lab/incident/incident.yaml", "w"), sort_keys=False)
PY
