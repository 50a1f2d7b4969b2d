#!/usr/bin/env bash
# expect: fail
# why: names the incident after the alert (and invents the number) instead of using the pager's incident number
# feedback: incident:
# params: fault=disk, link=api-cache, dependency=cache, bad_setting=name, rto_seconds=120
set -euo pipefail
for _ in $(seq 150); do
  id=$(curl -fsS http://pager:9095/api/incidents | jq -r '[.[] | select(.status != "resolved")] | first | .id // empty')
  [ -n "$id" ] && break; sleep 2
done
pager ack "$id" --by max >/dev/null
page=$(pager show "$id")
alert=$(echo "$page" | jq -r '.alerts[0]')
case "$LAB_PARAM_FAULT/$LAB_PARAM_DEPENDENCY" in disk/*|config/*|dependency/db) sev=SEV1 ;; *) sev=SEV2 ;; esac
mkdir -p /lab/incident
cat > /lab/incident/incident.yaml <<YAML
incident: INC-$alert-1
title: $alert
severity: $sev
status: investigating
commander: max
alert: $alert
timeline:
  - time: $(echo "$page" | jq -r .triggered_at)
    event: paged
  - time: $(echo "$page" | jq -r .acknowledged_at)
    event: acked
  - time: $(date -u +%FT%TZ)
    event: triaged
YAML
