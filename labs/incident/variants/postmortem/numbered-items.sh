#!/usr/bin/env bash
# expect: pass
# why: numbered action items with "owner=" and "due=", impact duration in minutes with a decimal, sections in another order, a "Lessons" heading
# params: fault=config, link=api-db, dependency=db, bad_setting=host, rto_seconds=120
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
dec=$(awk -v m="$mins" -v s="$secs" 'BEGIN { printf "%.1f", m + s / 60 }')
cat > /lab/incident/postmortem.md <<MD
Incident: $id
Severity: $sev

# Summary
We had $cause.

# Timeline
- $paged: paged ($alert)
- $resolved: resolved

# Detection
Alert $alert.

# Impact
Checkout and browsing degraded.
Start: $start
End: $resolved
Duration: $dec minutes

# Root cause
$cause

# Trigger
Chaos agent.

# Resolution
Removed the fault.

# Action items
1. Run the runbook automatically, owner=SRE, due=$due
2. Game day for this fault, owner=on-call rotation, due=$due

# Lessons
What went well: detection. What went wrong: no runbook yet.
MD
