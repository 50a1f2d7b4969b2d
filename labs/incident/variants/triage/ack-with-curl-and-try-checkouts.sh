#!/usr/bin/env bash
# expect: pass
# why: acknowledges through the pager's HTTP API with curl, triages by trying three checkouts, writes the record with a heredoc
# params: fault=latency, link=api-db, dependency=db, bad_setting=port, rto_seconds=120
set -euo pipefail
for _ in $(seq 150); do
  id=$(curl -fsS http://pager:9095/api/incidents | jq -r '[.[] | select(.status != "resolved")] | first | .id // empty')
  [ -n "$id" ] && break; sleep 2
done
curl -fsS -X POST "http://pager:9095/api/incidents/$id/ack" -d by=sam >/dev/null
page=$(curl -fsS "http://pager:9095/api/incidents/$id")
failed=0
for _ in 1 2 3; do
  code=$(curl -s -o /dev/null -m 40 -w '%{http_code}' -X POST http://web/api/orders \
    -H 'Content-Type: application/json' -d '{"product_id": 2}' || true)
  [ "$code" = 201 ] || failed=$((failed + 1))
done
if [ "$failed" -ge 2 ]; then sev=SEV1; else sev=SEV2; fi
mkdir -p /lab/incident
cat > /lab/incident/incident.yaml <<YAML
incident: $id
title: customers see errors or slowness
severity: $sev
status: investigating
commander: sam
alert: $(echo "$page" | jq -r '.alerts[-1]')
timeline:
  - time: $(echo "$page" | jq -r .triggered_at)
    event: paged
  - time: $(echo "$page" | jq -r .acknowledged_at)
    event: acked by sam
  - time: $(date -u +%FT%TZ)
    event: "$failed of 3 test checkouts failed, so $sev"
YAML
