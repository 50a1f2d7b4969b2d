#!/usr/bin/env bash
# expect: pass
# why: acknowledges with the pager CLI, writes times with a +02:00 offset and milliseconds, lower-case severity, extra fields
# params: fault=latency, link=web-api, dependency=cache, bad_setting=name, rto_seconds=120
set -euo pipefail
for _ in $(seq 150); do
  id=$(pager | awk '$2 != "resolved" && $1 ~ /^INC-/ {print $1; exit}')
  [ -n "$id" ] && break; sleep 2
done
pager ack "$id" --by "Riley (on call)"
page=$(pager show "$id")
paged=$(TZ=Etc/GMT-2 date -d "$(echo "$page" | jq -r .triggered_at)" '+%Y-%m-%dT%H:%M:%S.%3N+02:00')
acked=$(TZ=Etc/GMT-2 date -d "$(echo "$page" | jq -r .acknowledged_at)" '+%Y-%m-%dT%H:%M:%S.%3N+02:00')
now=$(TZ=Etc/GMT-2 date '+%Y-%m-%dT%H:%M:%S.%3N+02:00')
case "$LAB_PARAM_FAULT/$LAB_PARAM_DEPENDENCY" in
  disk/*|config/*|dependency/db) sev=sev1 ;;
  *) sev=sev2 ;;
esac
mkdir -p /lab/incident
cat > /lab/incident/incident.yaml <<YAML
# INC record, kept by the IC
commander: "Riley"
incident: "$id"
status: acknowledged
severity: "$sev"
alert: "$(echo "$page" | jq -r '.alerts[0]')"
title: "Shop degraded"
impact: "customers affected; see severity"
timeline:
- {time: "$paged", event: "page received"}
- {time: "$acked", event: "ack"}
- {time: "$now", event: "triaged: $sev"}
YAML
