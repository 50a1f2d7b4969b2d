# Included by variants that act on the live incident: wait for its page (the newest one
# open, up to 5 minutes), then $id is its number and $page its JSON.
for _ in $(seq 150); do
  id=$(curl -fsS http://pager:9095/api/incidents | jq -r '[.[] | select(.status != "resolved")] | last | .id // empty')
  [ -n "$id" ] && break
  sleep 2
done
[ -n "${id:-}" ] || { echo "no page within 5 minutes" >&2; exit 1; }
page=$(curl -fsS "http://pager:9095/api/incidents/$id")
