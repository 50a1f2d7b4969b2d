#!/usr/bin/env bash
# expect: fail
# why: the rollback redeploys v1 (the version the lab started with) on the failing color instead of going back to the last good version
# feedback: last good version
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
total=0; failed=0
end=$((SECONDS + WATCH_SECONDS))
while [ "$SECONDS" -lt "$end" ]; do
  code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/) || code=000
  total=$((total + 1)); [ "$code" = 200 ] || failed=$((failed + 1)); sleep 0.1
done
if [ $((failed * 100)) -gt $((MAX_ERROR_PCT * total)) ]; then
  fleet deploy "$idle" v1
  for _ in $(seq 60); do curl -fs -m 2 -o /dev/null "http://apps:$port/healthz" && break; sleep 0.5; done
  echo "rolled back to v1" >&2
  exit 2
fi
EOF
chmod +x /deploy/bin/promote
