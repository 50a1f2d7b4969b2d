#!/usr/bin/env bash
# expect: pass
# why: the smoke test checks the JSON with grep and python -m json.tool instead of jq; promote keeps a state file but re-reads the live color from the load balancer
# needs: bluegreen
set -euo pipefail
cat > /deploy/bin/smoke-test <<'EOF'
#!/bin/sh
URL=$1
VERSION=$2
curl -sf --max-time 5 "$URL/healthz" > /dev/null || { echo "healthz failed" >&2; exit 1; }
curl -sf --max-time 5 "$URL/" | grep -q "\"version\": \"$VERSION\"" || { echo "wrong version" >&2; exit 1; }
curl -sf --max-time 5 "$URL/api/items" > /tmp/items.json || { echo "items failed" >&2; exit 1; }
python3 -m json.tool /tmp/items.json > /dev/null 2>&1 || { echo "items is not JSON" >&2; exit 1; }
grep -q '^\[{' /tmp/items.json || { echo "items is not a list" >&2; exit 1; }
echo "smoke ok"
EOF
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
VERSION=$1
LIVE=$(curl -s --max-time 5 http://localhost:8080/ | python3 -c 'import json,sys; print(json.load(sys.stdin)["instance"])')
echo "$LIVE" > /deploy/.live
case $LIVE in blue) IDLE=green; PORT=8002 ;; *) IDLE=blue; PORT=8001 ;; esac
fleet deploy $IDLE $VERSION || exit 1
n=0
until curl -sf --max-time 2 http://apps:$PORT/healthz > /dev/null; do
  n=$((n + 1)); [ $n -gt 40 ] && break; sleep 0.5
done
/deploy/bin/smoke-test http://apps:$PORT $VERSION || { echo "not promoting $VERSION" >&2; exit 1; }
/deploy/bin/switch $IDLE || exit 1
echo "$IDLE" > /deploy/.live
EOF
chmod +x /deploy/bin/smoke-test /deploy/bin/promote
