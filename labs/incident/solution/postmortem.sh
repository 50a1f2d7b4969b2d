#!/bin/bash
# Reference solution (postmortem): wait until the page resolved, take the impact window
# from the customers' metrics, and write the postmortem from the incident record.
set -euo pipefail
python3 - <<'PY'
import datetime as dt
import json
import os
import time
import urllib.parse
import urllib.request

import yaml

def get(url):
    with urllib.request.urlopen(url, timeout=20) as resp:
        return json.load(resp)

def iso(ts):
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

record = yaml.safe_load(open("/lab/incident/incident.yaml"))
inc_id = record["incident"]
for _ in range(120):  # the page resolves a little after the fix
    page = get(f"http://pager:9095/api/incidents/{inc_id}")
    if page["status"] == "resolved":
        break
    time.sleep(3)
else:
    raise SystemExit(f"{inc_id} did not resolve")

# Impact began when the customers' error ratio or latency first left the objectives (the
# alerts' own conditions, before their `for:`), shortly before the page
slo = int(os.environ["LAB_PARAM_SLO_MS"]) / 1000
expr = f"shop:client_error_ratio:rate30s > 0.05 or shop:client_latency_p95:rate30s > {slo}"
q = urllib.parse.urlencode({"query": expr, "start": page["triggered_ts"] - 120,
                            "end": page["triggered_ts"], "step": 2})
rows = get(f"http://prometheus:9090/api/v1/query_range?{q}")["data"]["result"]
points = sorted(float(t) for r in rows for t, _ in r["values"])
start = points[0] if points else page["triggered_ts"] - 30
end = page["resolved_ts"]
minutes, seconds = divmod(int(round(end - start)), 60)
cause = record["cause"]
alerts = ", ".join(page["alerts"])
what = {
    "latency": f"latency on the {cause['component']} link",
    "loss": f"packet loss on the {cause['component']} link",
    "dependency-down": f"the {cause['component']} dependency down (its process was killed)",
    "disk-full": f"a full disk on {cause['component']} (/var/lib/shop)",
    "bad-config": f"a bad configuration release pushed to {cause['component']}",
}[cause["fault"]]
day = dt.date.fromtimestamp(end)
due1, due2 = day + dt.timedelta(days=7), day + dt.timedelta(days=14)
timeline = "\n".join(f"- {e['time']} {e['event']}" for e in record["timeline"])
doc = f"""# Postmortem: {record['title']}

Incident: {inc_id}
Severity: {record['severity']}
Status: final

## Summary

On {day.isoformat()} the shop suffered {what}. Customers saw {record['title'].lower()} for
{minutes} minutes until the on-call removed the cause.

## Impact

Customers browsing and checking out were affected ({record['severity']}).

- Start: {iso(start)}
- End: {iso(end)}
- Duration: {minutes} minutes {seconds} seconds

## Timeline

{timeline}
- {page['resolved_at']} {inc_id} resolved

## Root cause

The fault was {what}. Nothing in the system stopped or contained it: the API opens a new
connection per request and has no fallback when {cause['component']} misbehaves.

## Trigger

A chaos experiment injected the fault ({cause['fault']} on {cause['component']}).

## Detection

{alerts} paged the on-call through Alertmanager at {page['triggered_at']} ({inc_id}),
acknowledged at {page['acknowledged_at']}.

## Resolution

The on-call removed the cause on {cause['component']} and watched the customers' error ratio and
latency return within the objectives; the alerts resolved and the pager closed {inc_id}.

## Action items

- Run /lab/runbooks/remediate.sh automatically when the alert fires (owner: SRE team, due: {due1.isoformat()})
- Alert on the cause as well as the symptom, e.g. dependency probes and disk space (owner: platform team, due: {due2.isoformat()})
- Rehearse this fault in a game day (owner: on-call rotation, due: {due2.isoformat()})

## Lessons learned

What went well: the symptom alerts paged within a minute and the metrics pointed at the cause.
What went wrong: there was no runbook, so the fix was found by hand.
Where we got lucky: it happened while someone was watching.
"""
open("/lab/incident/postmortem.md", "w").write(doc)
record["status"] = "resolved"
record["timeline"].append({"time": page["resolved_at"], "event": f"{inc_id} resolved"})
yaml.safe_dump(record, open("/lab/incident/incident.yaml", "w"), sort_keys=False)
print(doc)
PY
