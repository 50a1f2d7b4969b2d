#!/bin/bash
# Reference solution (diagnose): read the internals (per-dependency latency, retransmits,
# dependency probes, disk, config release) and the logs; record the cause with evidence.
set -euo pipefail
# look at the graphs for a while first; then "now" is a moment well inside the incident
sleep 20
at=$(date -u -d '-2 seconds' +%FT%TZ)

link="$LAB_PARAM_LINK"; src=${link%-*}; dst=${link#*-}
case "$LAB_PARAM_FAULT" in
  latency|loss)
    fault=$LAB_PARAM_FAULT; component=$link
    if [ "$LAB_PARAM_FAULT" = loss ]; then
      query="rate(node_netstat_Tcp_RetransSegs{instance=\"$src\"}[30s])"
    elif [ "$src" = web ]; then
      query='histogram_quantile(0.95, sum by (le) (rate(shop_web_upstream_response_seconds_bucket[30s])))'
    else
      query="histogram_quantile(0.95, sum by (le) (rate(shop_api_dependency_duration_seconds_bucket{dependency=\"$dst\"}[30s])))"
    fi
    if [ "$src" = web ]; then   # the front's access log: upstream time of a slow request
      service=web
      line=$(ssh -n web "grep -E 'urt=\"([1-9]|0\.9[5-9])' /var/log/nginx/access.log | tail -1")
    else
      service=api
      line=$(ssh -n api "grep 'slow $dst call' /var/log/shop/api.log | tail -1")
    fi ;;
  dependency)
    fault=dependency-down; component=$LAB_PARAM_DEPENDENCY; service=api
    query="shop_api_dependency_up{dependency=\"$component\"}"
    if [ "$component" = db ]; then
      line=$(ssh -n api "grep 'ERROR db unavailable' /var/log/shop/api.log | tail -1")
    else
      line=$(ssh -n api "grep 'cache unavailable' /var/log/shop/api.log | tail -1")
    fi ;;
  disk)
    fault=disk-full; component=api; service=api
    query='node_filesystem_avail_bytes{instance="api", mountpoint="/var/lib/shop"}'
    line=$(ssh -n api "grep 'journal write failed' /var/log/shop/api.log | tail -1") ;;
  config)
    fault=bad-config; component=api; service=api
    query='shop_api_config_info'
    line=$(ssh -n api "grep 'config release' /var/log/shop/api.log | tail -1") ;;
esac
echo "evidence: $query at $at"; echo "log ($service): $line"
curl -fsS prometheus:9090/api/v1/query --data-urlencode "query=$query" --data-urlencode "time=$at" | jq -c .data.result

FAULT="$fault" COMPONENT="$component" QUERY="$query" AT="$at" SERVICE="$service" LINE="$line" python3 - <<'PY'
import datetime as dt, os
import yaml
path = "/lab/incident/incident.yaml"
with open(path) as fh:
    record = yaml.safe_load(fh)
e = os.environ
record["cause"] = {"fault": e["FAULT"], "component": e["COMPONENT"],
                   "metric": {"query": e["QUERY"], "at": e["AT"]},
                   "log": {"service": e["SERVICE"], "line": e["LINE"]}}
record["status"] = "identified"
now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
record["timeline"].append({"time": now, "event": f"Cause identified: {e['FAULT']} on {e['COMPONENT']}"})
with open(path, "w") as fh:
    yaml.safe_dump(record, fh, sort_keys=False)
PY
