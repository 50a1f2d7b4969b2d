#!/usr/bin/env bash
# expect: pass
# why: evidence from the machines and the exporters rather than the API (retransmits, up gauges, free bytes, config info), chosen by looking at readyz and iptables first
# params: fault=dependency, link=api-db, dependency=db, bad_setting=name, rto_seconds=120
# include: _lib/page.sh
# include: _lib/ripe.sh
set -euo pipefail
ready=$(curl -s -m 20 http://api:8000/readyz || true)
echo "readyz: $ready"
link="$LAB_PARAM_LINK"; src=${link%-*}; dst=${link#*-}
ssh -n "$src" 'iptables -S OUTPUT; iptables -t nat -S OUTPUT' || true
case "$LAB_PARAM_FAULT" in
  latency)
    fault=latency; component=$link
    if [ "$src" = web ]; then query='histogram_quantile(0.9, sum by (le) (rate(shop_web_upstream_response_seconds_bucket[45s])))'
    else query="histogram_quantile(0.9, sum by (le) (rate(shop_api_dependency_duration_seconds_bucket{dependency=\"$dst\"}[45s])))"; fi ;;
  loss)
    fault=loss; component=$link
    query="sum by (instance) (rate(node_netstat_Tcp_RetransSegs{instance=\"$src\"}[1m]))" ;;
  dependency)
    fault=dependency-down; component=$LAB_PARAM_DEPENDENCY
    query="min(shop_api_dependency_up{dependency=\"$component\"})" ;;
  disk)
    fault=disk-full; component=api
    query='node_filesystem_avail_bytes{instance="api",mountpoint="/var/lib/shop"} < 1048576' ;;
  config)
    fault=bad-config; component=api
    query='shop_api_config_info{release!="002"}' ;;
esac
if [ "$src" = web ] && [ "$fault" = latency -o "$fault" = loss ]; then
  service=web; line=$(ssh -n web "grep -E 'urt=\"[1-9]' /var/log/nginx/access.log | tail -1")
else
  service=api; line=$(ssh -n api "grep -E 'WARNING|ERROR' /var/log/shop/api.log | tail -1")
fi
at=$(date -u -d '-4 seconds' +%FT%TZ)
python3 - "$fault" "$component" "$query" "$at" "$service" "$line" <<'PY'
import os, sys, yaml
fault, component, query, at, service, line = sys.argv[1:]
path = "/lab/incident/incident.yaml"
rec = (yaml.safe_load(open(path)) if os.path.exists(path) else None) or {}
rec.setdefault("timeline", [])
rec["cause"] = {"fault": fault, "component": component, "metric": {"query": query, "at": at},
                "log": {"service": service, "line": line}}
rec["status"] = "identified"
yaml.safe_dump(rec, open(path, "w"), sort_keys=False)
PY
