#!/usr/bin/env bash
# expect: pass
# why: promote appends the line as soon as it switches, and a second line for the old version when it rolls back
# needs: bluegreen, smoke, rollback
set -euo pipefail
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
set -euo pipefail
v=$1
LOG=/deploy/releases.log
WHO=${DEPLOYER:-$(id -un)}
now=$(curl -fsS -m 5 http://127.0.0.1:8080/)
live=$(jq -r .instance <<<"$now"); previous=$(jq -r .version <<<"$now")
if [ "$live" = blue ]; then idle=green; port=8002; else idle=blue; port=8001; fi
fleet deploy "$idle" "$v" >/dev/null
for _ in $(seq 60); do curl -fs -m 2 -o /dev/null "http://apps:$port/healthz" && break; sleep 0.5; done
if ! smoke-test "http://apps:$port" "$v"; then
  echo "# $(date -u +%FT%TZ) $v rejected by the smoke test ($WHO)" >> $LOG
  exit 1
fi
switch "$idle"
echo "$(date -u +%FT%TZ) $v $WHO switched to $idle" >> $LOG
total=0; failed=0; end=$((SECONDS + WATCH_SECONDS))
while [ "$SECONDS" -lt "$end" ]; do
  code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/) || code=000
  total=$((total + 1)); [ "$code" = 200 ] || failed=$((failed + 1)); sleep 0.1
done
if [ $((failed * 100)) -gt $((MAX_ERROR_PCT * total)) ]; then
  switch "$live"
  echo "$(date -u +%FT%TZ) $previous $WHO rolled back from $v ($failed/$total failed)" >> $LOG
  exit 2
fi
EOF
chmod +x /deploy/bin/promote
