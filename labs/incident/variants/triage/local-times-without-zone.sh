#!/usr/bin/env bash
# expect: fail
# why: acknowledges and triages correctly, but writes the timeline in local wall-clock time with no time zone
# feedback: time zone
# params: fault=dependency, link=web-api, dependency=cache, bad_setting=host, rto_seconds=120
set -euo pipefail
for _ in $(seq 150); do
  id=$(curl -fsS http://pager:9095/api/incidents | jq -r '[.[] | select(.status != "resolved")] | first | .id // empty')
  [ -n "$id" ] && break; sleep 2
done
pager ack "$id" --by ana >/dev/null
page=$(pager show "$id")
case "$LAB_PARAM_FAULT/$LAB_PARAM_DEPENDENCY" in disk/*|config/*|dependency/db) sev=SEV1 ;; *) sev=SEV2 ;; esac
t() { TZ=Europe/Madrid date -d "$1" '+%Y-%m-%dT%H:%M:%S'; }
mkdir -p /lab/incident
cat > /lab/incident/incident.yaml <<YAML
incident: $id
title: shop degraded
severity: $sev
status: investigating
commander: ana
alert: $(echo "$page" | jq -r '.alerts[0]')
timeline:
  - time: "$(t "$(echo "$page" | jq -r .triggered_at)")"
    event: paged
  - time: "$(t "$(echo "$page" | jq -r .acknowledged_at)")"
    event: acked
  - time: "$(t now)"
    event: triaged
YAML
