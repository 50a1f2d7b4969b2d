#!/usr/bin/env bash
# expect: pass
# why: level-3 headings, impact times with a +00:00 offset, Duration in ISO 8601 (PT..M..S), action items as a Markdown table with Owner and Due columns
# params: fault=latency, link=api-db, dependency=db, bad_setting=port, rto_seconds=120
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
# $id postmortem

Incident: $id
Severity: $sev

### Summary
Customers of the shop were affected for about $mins minutes because of $cause.

### Impact
Customers saw failing or slow requests.

Start: ${start%Z}+00:00
End: ${resolved%Z}+00:00
Duration: PT${mins}M${secs}S

### Timeline
| time | event |
|---|---|
| $paged | $alert paged |
| $resolved | resolved |

### Root cause
$cause.

### Trigger
A chaos experiment.

### Detection
$alert fired and paged the on-call at $paged.

### Resolution
The on-call removed the fault and the alerts cleared.

### Action items
| action | Owner | Due |
|---|---|---|
| Automate the fix (runbooks/remediate.sh on page) | SRE team | $due |
| Add cause-based alerts for dependencies and disk | platform team | $due |

### Lessons learned
Went well: fast page. Went wrong: manual diagnosis.
MD
