#!/usr/bin/env bash
# expect: pass
# why: the smoke test is Python (urllib, json); promote finds the live color in shop.conf and polls fleet status until ready
# needs: bluegreen
set -euo pipefail
cat > /deploy/bin/smoke-test <<'EOF'
#!/usr/bin/env python3
import json, sys, urllib.request

url, want = sys.argv[1].rstrip("/"), sys.argv[2]

def get(path):
    with urllib.request.urlopen(url + path, timeout=5) as r:
        return r.status, r.read()

try:
    status, _ = get("/healthz")
    assert status == 200, f"/healthz answered {status}"
    status, body = get("/")
    assert status == 200 and json.loads(body)["version"] == want, f"/ says {body[:80]!r}"
    status, body = get("/api/items")
    items = json.loads(body)
    assert status == 200 and isinstance(items, list) and items, "/api/items is not a list of items"
except Exception as exc:  # HTTPError, URLError, timeouts, bad JSON, failed asserts
    sys.exit(f"smoke test of {want} at {url} failed: {exc}")
print("ok")
EOF
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
set -eu
v=$1
if grep -q 'server apps:8002;' /deploy/nginx/shop.conf; then live=green; idle=blue; port=8001
else live=blue; idle=green; port=8002; fi
fleet deploy $idle $v
for i in $(seq 30); do
  state=$(fleet status $idle --json | jq -r .state)
  [ "$state" = ready ] && break
  [ "$state" = crashed ] && break
  sleep 1
done
if smoke-test http://apps:$port $v; then
  switch $idle
else
  echo "$v failed the smoke test, $live stays live" >&2
  exit 1
fi
EOF
chmod +x /deploy/bin/smoke-test /deploy/bin/promote
