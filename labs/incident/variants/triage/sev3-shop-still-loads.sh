#!/usr/bin/env bash
# expect: fail
# why: the home page still loads, so the learner declares SEV3 (no customer impact) without trying a checkout
# feedback: severity
# params: fault=dependency, link=api-db, dependency=db, bad_setting=name, rto_seconds=120
set -euo pipefail
for _ in $(seq 150); do
  id=$(curl -fsS http://pager:9095/api/incidents | jq -r '[.[] | select(.status != "resolved")] | first | .id // empty')
  [ -n "$id" ] && break; sleep 2
done
pager ack "$id" --by lee >/dev/null
page=$(pager show "$id")
curl -fsS -o /dev/null http://web/ && echo "front page loads"
mkdir -p /lab/incident
cat > /lab/incident/incident.yaml <<YAML
incident: $id
title: an alert fired but the shop loads
severity: SEV3
status: investigating
commander: lee
alert: $(echo "$page" | jq -r '.alerts[0]')
timeline:
  - time: $(echo "$page" | jq -r .triggered_at)
    event: paged
  - time: $(echo "$page" | jq -r .acknowledged_at)
    event: acked
  - time: $(date -u +%FT%TZ)
    event: front page loads fine, SEV3
YAML
