#!/usr/bin/env bash
# expect: fail
# why: right cause and metric, but the log line quoted is the API's start-up message, logged long before the incident
# feedback: after the incident began
# params: fault=loss, link=api-cache, dependency=db, bad_setting=host, rto_seconds=120
# include: _lib/page.sh
# include: _lib/ripe.sh
set -euo pipefail
link="$LAB_PARAM_LINK"; src=${link%-*}; dst=${link#*-}
case "$LAB_PARAM_FAULT" in
  latency|loss) fault=$LAB_PARAM_FAULT; component=$link; query="rate(node_netstat_Tcp_RetransSegs{instance=\"$src\"}[30s])"
    [ "$fault" = latency ] && query="histogram_quantile(0.95, sum by (le) (rate(shop_api_dependency_duration_seconds_bucket[30s])))"
    [ "$fault" = latency ] && [ "$src" = web ] && query="histogram_quantile(0.95, sum by (le) (rate(shop_web_upstream_response_seconds_bucket[30s])))" ;;
  dependency) fault=dependency-down; component=$LAB_PARAM_DEPENDENCY; query="shop_api_dependency_up" ;;
  disk) fault=disk-full; component=api; query='node_filesystem_avail_bytes{mountpoint="/var/lib/shop"}' ;;
  config) fault=bad-config; component=api; query='shop_api_config_info' ;;
esac
line=$(ssh -n api "grep -m1 'shop-api starting' /var/log/shop/api.log")
python3 - "$fault" "$component" "$query" "$line" <<'PY'
import datetime as dt, os, sys, yaml
fault, component, query, line = sys.argv[1:]
rec = (yaml.safe_load(open("/lab/incident/incident.yaml")) if os.path.exists("/lab/incident/incident.yaml") else None) or {}
rec.setdefault("timeline", [])
rec["cause"] = {"fault": fault, "component": component,
                "metric": {"query": query, "at": (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=3)).isoformat()},
                "log": {"service": "api", "line": line}}
os.makedirs("/lab/incident", exist_ok=True); yaml.safe_dump(rec, open("/lab/incident/incident.yaml", "w"), sort_keys=False)
PY
