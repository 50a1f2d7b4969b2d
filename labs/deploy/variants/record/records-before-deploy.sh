#!/usr/bin/env bash
# expect: fail
# why: promote appends the release line before it deploys and tests, so a release the smoke test stops is recorded as live
# feedback: record a version only once it is live
# needs: bluegreen, smoke, rollback
set -euo pipefail
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
set -euo pipefail
v=$1
now=$(curl -fsS -m 5 http://127.0.0.1:8080/)
live=$(jq -r .instance <<<"$now"); previous=$(jq -r .version <<<"$now")
if [ "$live" = blue ]; then idle=green; port=8002; else idle=blue; port=8001; fi
echo "$(date -u +%FT%TZ) $v ${DEPLOYER:-$(id -un)} release started" >> /deploy/releases.log
fleet deploy "$idle" "$v" >/dev/null
for _ in $(seq 60); do curl -fs -m 2 -o /dev/null "http://apps:$port/healthz" && break; sleep 0.5; done
smoke-test "http://apps:$port" "$v" || exit 1
switch "$idle"
total=0; failed=0; end=$((SECONDS + WATCH_SECONDS))
while [ "$SECONDS" -lt "$end" ]; do
  code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/) || code=000
  total=$((total + 1)); [ "$code" = 200 ] || failed=$((failed + 1)); sleep 0.1
done
if [ $((failed * 100)) -gt $((MAX_ERROR_PCT * total)) ]; then
  switch "$live"
  echo "$(date -u +%FT%TZ) $previous ${DEPLOYER:-$(id -un)} rollback" >> /deploy/releases.log
  exit 2
fi
EOF
chmod +x /deploy/bin/promote
