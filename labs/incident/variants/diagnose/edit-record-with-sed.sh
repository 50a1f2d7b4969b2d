#!/usr/bin/env bash
# expect: pass
# why: appends the cause block to the YAML file with a heredoc (no YAML library), double-quoting the log line, fault names as in the task
# params: fault=loss, link=web-api, dependency=cache, bad_setting=port, rto_seconds=120
# include: _lib/page.sh
# include: _lib/ripe.sh
set -euo pipefail
link="$LAB_PARAM_LINK"; src=${link%-*}; dst=${link#*-}
case "$LAB_PARAM_FAULT" in
  latency|loss) fault=$LAB_PARAM_FAULT; component=$link
    query="max(rate(shop_api_dependency_duration_seconds_sum[30s]) / rate(shop_api_dependency_duration_seconds_count[30s]))"
    [ "$src" = web ] && query='max(rate(shop_web_upstream_response_seconds_sum[30s]) / rate(shop_web_upstream_response_seconds_count[30s]))'
    [ "$LAB_PARAM_FAULT" = loss ] && query="increase(node_netstat_Tcp_RetransSegs{instance=\"$src\"}[30s])" ;;
  dependency) fault=dependency-down; component=$LAB_PARAM_DEPENDENCY; query="shop_api_dependency_up == 0" ;;
  disk) fault=disk-full; component=api; query='node_filesystem_avail_bytes{mountpoint="/var/lib/shop"}' ;;
  config) fault=bad-config; component=api; query='shop_api_config_info' ;;
esac
if [ "$src" = web ] && [ "$fault" = latency -o "$fault" = loss ]; then
  service=web; line=$(ssh -n web "grep -E 'urt=\"[1-9]' /var/log/nginx/access.log | tail -1")
else
  service=api; line=$(ssh -n api "grep -E ' (WARNING|ERROR) ' /var/log/shop/api.log | tail -1")
fi
esc=${line//\\/\\\\}; esc=${esc//\"/\\\"}
qesc=${query//\\/\\\\}; qesc=${qesc//\"/\\\"}
cat >> /lab/incident/incident.yaml <<YAML
cause:
  fault: $fault
  component: $component
  metric:
    query: "$qesc"
    at: $(date -u -d '-3 seconds' +%FT%TZ)
  log:
    service: $service
    line: "$esc"
YAML
