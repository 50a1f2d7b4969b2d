#!/usr/bin/env bash
# expect: fail
# why: keeps the timeline like a chat log, newest entry on top
# feedback: time order
# params: fault=config, link=api-db, dependency=db, bad_setting=host, rto_seconds=120
set -euo pipefail
for _ in $(seq 150); do
  id=$(curl -fsS http://pager:9095/api/incidents | jq -r '[.[] | select(.status != "resolved")] | first | .id // empty')
  [ -n "$id" ] && break; sleep 2
done
pager ack "$id" --by pat >/dev/null
page=$(pager show "$id")
case "$LAB_PARAM_FAULT/$LAB_PARAM_DEPENDENCY" in disk/*|config/*|dependency/db) sev=SEV1 ;; *) sev=SEV2 ;; esac
mkdir -p /lab/incident
cat > /lab/incident/incident.yaml <<YAML
incident: $id
title: shop degraded
severity: $sev
status: investigating
commander: pat
alert: $(echo "$page" | jq -r '.alerts[0]')
timeline:
  - time: $(date -u +%FT%TZ)
    event: triaged as $sev
  - time: $(echo "$page" | jq -r .acknowledged_at)
    event: acked
  - time: $(echo "$page" | jq -r .triggered_at)
    event: paged
YAML
