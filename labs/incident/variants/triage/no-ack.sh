#!/usr/bin/env bash
# expect: fail
# why: writes a complete record from the pager's data but never acknowledges the page
# feedback: acknowledged
# params: fault=loss, link=web-api, dependency=cache, bad_setting=port, rto_seconds=120
set -euo pipefail
for _ in $(seq 150); do
  id=$(curl -fsS http://pager:9095/api/incidents | jq -r '[.[] | select(.status != "resolved")] | first | .id // empty')
  [ -n "$id" ] && break; sleep 2
done
page=$(curl -fsS "http://pager:9095/api/incidents/$id")
case "$LAB_PARAM_FAULT/$LAB_PARAM_DEPENDENCY" in disk/*|config/*|dependency/db) sev=SEV1 ;; *) sev=SEV2 ;; esac
mkdir -p /lab/incident
cat > /lab/incident/incident.yaml <<YAML
incident: $id
title: shop trouble
severity: $sev
status: investigating
commander: jo
alert: $(echo "$page" | jq -r '.alerts[0]')
timeline:
  - time: $(echo "$page" | jq -r .triggered_at)
    event: paged
  - time: $(date -u +%FT%TZ)
    event: looked at it (I am on it)
  - time: $(date -u -d '+1 second' +%FT%TZ)
    event: severity $sev
YAML
