#!/usr/bin/env bash
# expect: fail
# why: names the right fault, but its metric evidence is the customers' error ratio and latency, the symptom that paged
# feedback: customers see
# params: fault=latency, link=api-db, dependency=db, bad_setting=port, rto_seconds=120
# include: _lib/page.sh
# include: _lib/ripe.sh
set -euo pipefail
link="$LAB_PARAM_LINK"
case "$LAB_PARAM_FAULT" in
  latency|loss) fault=$LAB_PARAM_FAULT; component=$link ;;
  dependency) fault=dependency-down; component=$LAB_PARAM_DEPENDENCY ;;
  disk) fault=disk-full; component=api ;;
  config) fault=bad-config; component=api ;;
esac
line=$(ssh -n api "grep -E ' (WARNING|ERROR) ' /var/log/shop/api.log | tail -1")
[ "${link%-*}" = web ] && [ "$fault" = latency -o "$fault" = loss ] && line=$(ssh -n web "grep -E 'urt=\"[1-9]' /var/log/nginx/access.log | tail -1")
service=api; [ "${link%-*}" = web ] && [ "$fault" = latency -o "$fault" = loss ] && service=web
python3 - "$fault" "$component" "$service" "$line" <<'PY'
import datetime as dt, os, sys, yaml
fault, component, service, line = sys.argv[1:]
rec = (yaml.safe_load(open("/lab/incident/incident.yaml")) if os.path.exists("/lab/incident/incident.yaml") else None) or {}
rec.setdefault("timeline", [])
rec["cause"] = {"fault": fault, "component": component,
                "metric": {"query": "shop:client_error_ratio:rate30s or shop:client_latency_p95:rate30s",
                           "at": (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=3)).isoformat()},
                "log": {"service": service, "line": line}}
os.makedirs("/lab/incident", exist_ok=True); yaml.safe_dump(rec, open("/lab/incident/incident.yaml", "w"), sort_keys=False)
PY
