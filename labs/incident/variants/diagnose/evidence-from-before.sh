#!/usr/bin/env bash
# expect: fail
# why: right fault and component, but the metric's `at` is ten minutes ago, before the incident (a time zone slip)
# feedback: during the incident
# params: fault=config, link=api-db, dependency=db, bad_setting=host, rto_seconds=120
# include: _lib/page.sh
# include: _lib/ripe.sh
set -euo pipefail
link="$LAB_PARAM_LINK"; src=${link%-*}
case "$LAB_PARAM_FAULT" in
  latency|loss) fault=$LAB_PARAM_FAULT; component=$link ;;
  dependency) fault=dependency-down; component=$LAB_PARAM_DEPENDENCY ;;
  disk) fault=disk-full; component=api ;;
  config) fault=bad-config; component=api ;;
esac
line=$(ssh -n api "grep -E ' (WARNING|ERROR) ' /var/log/shop/api.log | tail -1")
python3 - "$fault" "$component" "$line" <<'PY'
import datetime as dt, os, sys, yaml
fault, component, line = sys.argv[1:]
rec = (yaml.safe_load(open("/lab/incident/incident.yaml")) if os.path.exists("/lab/incident/incident.yaml") else None) or {}
rec.setdefault("timeline", [])
rec["cause"] = {"fault": fault, "component": component,
                "metric": {"query": "shop_api_dependency_up",
                           "at": (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%SZ")},
                "log": {"service": "api", "line": line}}
os.makedirs("/lab/incident", exist_ok=True); yaml.safe_dump(rec, open("/lab/incident/incident.yaml", "w"), sort_keys=False)
PY
