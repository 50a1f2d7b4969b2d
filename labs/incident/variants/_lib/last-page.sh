# Included by postmortem variants: the incident's page is the one the on-call acknowledged
# (else the newest); $end is when it resolved, or now for a draft written before it did.
id=$(curl -fsS http://pager:9095/api/incidents | jq -r '([.[] | select(.acknowledged_at != null)] | first | .id) // (last | .id) // empty')
[ -n "$id" ] || { echo "no page yet" >&2; exit 1; }
page=$(curl -fsS "http://pager:9095/api/incidents/$id")
end=$(echo "$page" | jq -r '.resolved_at // empty'); end=${end:-$(date -u +%FT%TZ)}
