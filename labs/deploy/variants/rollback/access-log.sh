#!/usr/bin/env bash
# expect: pass
# why: promote waits WATCH_SECONDS after the switch and counts the shop's statuses in nginx's access log for that window
# needs: bluegreen, smoke
set -euo pipefail
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
set -euo pipefail
v=$1
live=$(curl -fsS -m 5 http://127.0.0.1:8080/ | jq -r .instance)
if [ "$live" = blue ]; then idle=green; port=8002; else idle=blue; port=8001; fi
fleet deploy "$idle" "$v"
for _ in $(seq 60); do curl -fs -m 2 -o /dev/null "http://apps:$port/healthz" && break; sleep 0.5; done
smoke-test "http://apps:$port" "$v" || exit 1
switch "$idle"
since=$(date +%Y-%m-%dT%H:%M:%S)   # nginx's $time_iso8601 is local time, like date's
sleep "$WATCH_SECONDS"
read -r total failed < <(awk -v since="$since" '
  $2 == "8080" && substr($1, 1, 19) >= since { n++; if ($6 != 200) f++ }
  END { print n + 0, f + 0 }' /var/log/nginx/access.log)
echo "watch: $failed of $total requests failed"
if [ "$total" -gt 0 ] && [ $((failed * 100)) -gt $((MAX_ERROR_PCT * total)) ]; then
  switch "$live"
  echo "rolled back to $live" >&2
  exit 2
fi
EOF
chmod +x /deploy/bin/promote
