#!/bin/bash
# Reference solution (triage): wait for the page, acknowledge it, triage, start the record.
set -euo pipefail
PAGER=http://pager:9095

# 1. the page: the newest incident still open (the pager opens it about a minute after up)
for _ in $(seq 150); do
  id=$(curl -fsS "$PAGER/api/incidents" | jq -r '[.[] | select(.status != "resolved")] | last | .id // empty')
  [ -n "$id" ] && break
  sleep 2
done
[ -n "${id:-}" ] || { echo "no page within 5 minutes" >&2; exit 1; }
pager ack "$id" --by "on-call (reference)" || true
page=$(curl -fsS "$PAGER/api/incidents/$id")

# 2. triage: what do customers get? (SEV1: checkouts fail; SEV2: slow or partly failing)
ok=0
for _ in 1 2 3; do
  code=$(curl -s -o /dev/null -m 30 -w '%{http_code}' -X POST http://web/api/orders \
    -H 'Content-Type: application/json' -d '{"product_id": 1, "customer": "on-call-test"}' || true)
  echo "test checkout: HTTP $code"
  [ "$code" = 201 ] && ok=$((ok + 1))
done
# the table's answer for this fault (the test checkouts above show the same)
case "$LAB_PARAM_FAULT/$LAB_PARAM_DEPENDENCY" in
  disk/*|config/*|dependency/db) severity=SEV1; title="Customers cannot check out" ;;
  *) severity=SEV2; title="The shop is slow or failing for some customers" ;;
esac
echo "checkouts that worked: $ok of 3 -> $severity"

# 3. the record
mkdir -p /lab/incident
PAGE="$page" SEVERITY="$severity" TITLE="$title" python3 - <<'PY'
import datetime as dt, json, os
import yaml
page = json.loads(os.environ["PAGE"])
now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
record = {
    "incident": page["id"],
    "title": os.environ["TITLE"],
    "severity": os.environ["SEVERITY"],
    "status": "investigating",
    "commander": "on-call (reference)",
    "alert": page["alerts"][0],
    "timeline": [
        {"time": page["triggered_at"], "event": f"{', '.join(page['alerts'])} fired; {page['id']} paged the on-call"},
        {"time": page["acknowledged_at"] or now, "event": "Acknowledged; I am the incident commander"},
        {"time": now, "event": f"Tried checkouts and read the customer graphs: declared {os.environ['SEVERITY']}"},
    ],
}
with open("/lab/incident/incident.yaml", "w") as fh:
    yaml.safe_dump(record, fh, sort_keys=False)
PY
cat /lab/incident/incident.yaml
