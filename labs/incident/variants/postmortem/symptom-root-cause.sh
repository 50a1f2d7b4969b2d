#!/usr/bin/env bash
# expect: fail
# why: the root cause is the symptom: the alert fired because customers saw errors and slow pages
# feedback: Root cause
# params: fault=disk, link=api-cache, dependency=cache, bad_setting=name, rto_seconds=120
# include: _lib/last-page.sh
set -euo pipefail
alert=$(echo "$page" | jq -r ".alerts[0]")
paged=$(echo "$page" | jq -r .triggered_at); resolved=$end
start=$(date -u -d "@$(( $(date -d "$paged" +%s) - 20 ))" +%FT%TZ)
mins=$(( ($(date -d "$resolved" +%s) - $(date -d "$start" +%s)) / 60 ))
secs=$(( ($(date -d "$resolved" +%s) - $(date -d "$start" +%s)) % 60 ))
case "$LAB_PARAM_FAULT/$LAB_PARAM_DEPENDENCY" in disk/*|config/*|dependency/db) sev=SEV1 ;; *) sev=SEV2 ;; esac
link="$LAB_PARAM_LINK"
case "$LAB_PARAM_FAULT" in
  latency) cause="added latency on the $link link (${link%-*} to ${link#*-})" ;;
  loss) cause="packet loss on the $link link (${link%-*} to ${link#*-})" ;;
  dependency) cause="the $LAB_PARAM_DEPENDENCY dependency was down: its process died" ;;
  disk) cause="the disk of api filled up (no space left on /var/lib/shop)" ;;
  config) cause="a bad configuration release was deployed to api" ;;
esac
due=$(date -u -d "+10 days" +%F)
mkdir -p /lab/incident
cat > /lab/incident/postmortem.md <<MD
# Postmortem $id

Incident: $id
Severity: $sev

## Summary
$cause; customers were affected for $mins minutes.

## Impact
Start: $start
End: $resolved
Duration: $mins minutes $secs seconds

## Timeline
- $paged $alert paged
- $resolved resolved

## Root cause
ShopHigh alerts fired because customers saw errors and slow pages.

## Trigger
A chaos experiment.

## Detection
$alert paged the on-call at $paged.

## Resolution
It recovered after the fix.

## Action items
- Automate the fix (owner: SRE team, due: $due)
- Add cause-based alerts (owner: platform team, due: $due)

## Lessons learned
What went well: the page came fast. What went wrong: diagnosis by hand.
MD

