#!/usr/bin/env bash
# expect: pass
# why: the release log gets one JSON object per line (jq -nc), with the time in ISO 8601 with an explicit +00:00 offset
# needs: bluegreen, smoke, rollback
set -euo pipefail
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
set -euo pipefail
v=$1
record() {
  jq -nc --arg t "$(date -u +%Y-%m-%dT%H:%M:%S+00:00)" --arg v "$1" --arg w "${DEPLOYER:-$(id -un)}" --arg n "$2" \
    '{time: $t, version: $v, who: $w, note: $n}' >> /deploy/releases.log
}
now=$(curl -fsS -m 5 http://127.0.0.1:8080/)
live=$(jq -r .instance <<<"$now"); previous=$(jq -r .version <<<"$now")
if [ "$live" = blue ]; then idle=green; port=8002; else idle=blue; port=8001; fi
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
  record "$previous" "rollback of $v"
  exit 2
fi
record "$v" promoted
EOF
chmod +x /deploy/bin/promote
