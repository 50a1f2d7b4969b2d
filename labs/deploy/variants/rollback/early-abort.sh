#!/usr/bin/env bash
# expect: pass
# why: promote probes the shop in rounds of ten and rolls back as soon as a round is over the limit, without waiting out the watch
# needs: bluegreen, smoke
set -euo pipefail
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
set -euo pipefail
v=$1
live=$(curl -fsS -m 5 http://127.0.0.1:8080/ | jq -r .instance)
if [ "$live" = blue ]; then idle=green; port=8002; else idle=blue; port=8001; fi
fleet deploy "$idle" "$v" >/dev/null
until [ "$(fleet status "$idle" --json | jq -r .state)" != starting ]; do sleep 0.5; done
smoke-test "http://apps:$port" "$v" || exit 1
switch "$idle"
total=0; failed=0
end=$((SECONDS + WATCH_SECONDS))
while [ "$SECONDS" -lt "$end" ]; do
  for i in 1 2 3 4 5 6 7 8 9 10; do
    code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/) || code=000
    total=$((total + 1)); [ "$code" = 200 ] || failed=$((failed + 1))
  done
  if [ $((failed * 100)) -gt $((MAX_ERROR_PCT * total)) ]; then
    switch "$live"
    echo "promote: $failed/$total failed, back on $live" >&2
    exit 3
  fi
done
echo "promote: $v live"
EOF
chmod +x /deploy/bin/promote
