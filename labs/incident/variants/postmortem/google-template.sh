#!/usr/bin/env bash
# expect: pass
# why: Google's template: bold field labels, "Root Causes" and "Action Items" headings, Duration as h:mm:ss, owners as @handles after "owner:"
# params: fault=dependency, link=api-db, dependency=db, bad_setting=name, rto_seconds=120
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
hms=$(printf '0:%02d:%02d' "$mins" "$secs")
cat > /lab/incident/postmortem.md <<MD
# Postmortem: shop outage

**Incident:** $id
**Severity:** $sev
**Status:** complete

## Summary
$cause; customers were affected until the on-call fixed it.

## Impact
- **Start:** $start
- **End:** $resolved
- **Duration:** $hms

## Root Causes
$cause. The API opens a fresh connection per request and has no circuit breaker.

## Trigger
Fault injection by the chaos agent.

## Resolution
Fault removed on the affected machine.

## Detection
The $alert alert paged via Alertmanager.

## Action Items
* Page-triggered runbook automation — **owner:** @sre-oncall — **due:** $due
* Circuit breaker in the API client — **owner:** @api-team — **due:** $due

## Lessons Learned
### What went well
Symptom-based alerting worked.
### What went wrong
No cause-level alert.

## Timeline
* $paged page
* $resolved resolved
MD
