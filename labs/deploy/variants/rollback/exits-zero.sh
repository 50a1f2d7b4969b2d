#!/usr/bin/env bash
# expect: fail
# why: the rollback works, but promote then exits 0, so CI reports the failed release as a success
# feedback: non-zero exit
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
  switch "$live"
  echo "rolled back to $live"
fi
EOF
chmod +x /deploy/bin/promote
