#!/usr/bin/env bash
# expect: pass
# why: writes fault and component the way people say them (packet loss, api -> postgres), evidence as average latencies and error rates over 30s
# params: fault=latency, link=web-api, dependency=cache, bad_setting=name, rto_seconds=120
# include: _lib/page.sh
# include: _lib/ripe.sh
set -euo pipefail
link="$LAB_PARAM_LINK"; src=${link%-*}; dst=${link#*-}
name() { case "$1" in db) echo postgres ;; cache) echo redis ;; web) echo nginx ;; *) echo "$1" ;; esac; }
case "$LAB_PARAM_FAULT" in
  latency|loss)
    fault=$([ "$LAB_PARAM_FAULT" = loss ] && echo "packet loss" || echo "latency")
    component="$(name "$src") -> $(name "$dst")"
    if [ "$LAB_PARAM_FAULT" = loss ] && [ "$src" = web ]; then   # lost SYNs: slow upstream connects
      query='sum(rate(shop_web_upstream_connect_seconds_sum[30s])) / sum(rate(shop_web_upstream_connect_seconds_count[30s]))'
      line=$(ssh -n web "grep -E 'uct=\"[1-9]' /var/log/nginx/access.log | tail -1"); service=nginx
    elif [ "$LAB_PARAM_FAULT" = loss ]; then
      query="sum(increase(node_netstat_Tcp_RetransSegs{instance=\"$src\"}[30s]))"
      line=$(ssh -n api "grep 'slow $dst call' /var/log/shop/api.log | tail -1"); service=shop-api
    elif [ "$src" = web ]; then
      query='sum(rate(shop_web_upstream_response_seconds_sum[30s])) / sum(rate(shop_web_upstream_response_seconds_count[30s]))'
      line=$(ssh -n web "grep -E 'urt=\"[1-9]' /var/log/nginx/access.log | tail -1"); service=nginx
    else
      query="sum(rate(shop_api_dependency_duration_seconds_sum{dependency=\"$dst\"}[30s])) / sum(rate(shop_api_dependency_duration_seconds_count{dependency=\"$dst\"}[30s]))"
      line=$(ssh -n api "grep 'slow $dst call' /var/log/shop/api.log | tail -1"); service=shop-api
    fi ;;
  dependency)
    fault="dependency down"; component=$(name "$LAB_PARAM_DEPENDENCY"); service=api
    query="sum by (error) (rate(shop_api_dependency_errors_total{dependency=\"$LAB_PARAM_DEPENDENCY\"}[30s]))"
    line=$(ssh -n api "grep -E '(db|cache) unavailable' /var/log/shop/api.log | tail -1") ;;
  disk)
    fault="disk full"; component=shop-api; service=api
    query='node_filesystem_avail_bytes{mountpoint="/var/lib/shop"} / node_filesystem_size_bytes{mountpoint="/var/lib/shop"}'
    line=$(ssh -n api "grep 'No space left' /var/log/shop/api.log | tail -1") ;;
  config)
    fault="bad config"; component=api; service=api
    query='count by (release) (shop_api_config_info)'
    line=$(ssh -n api "grep -E 'db unavailable' /var/log/shop/api.log | tail -1") ;;
esac
python3 - "$fault" "$component" "$query" "$service" "$line" <<'PY'
import datetime as dt, os, sys, yaml
fault, component, query, service, line = sys.argv[1:]
path = "/lab/incident/incident.yaml"
rec = (yaml.safe_load(open(path)) if os.path.exists(path) else None) or {}
rec.setdefault("timeline", [])
now = dt.datetime.now(dt.timezone.utc)
rec["cause"] = {"fault": fault, "component": component,
                "metric": {"query": query, "at": (now - dt.timedelta(seconds=3)).isoformat()},
                "log": {"service": service, "line": line}}
rec["timeline"].append({"time": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "event": f"cause: {fault} on {component}"})
yaml.safe_dump(rec, open(path, "w"), sort_keys=False)
PY
