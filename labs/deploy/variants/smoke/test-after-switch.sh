#!/usr/bin/env bash
# expect: fail
# why: promote switches first and smoke-tests through the load balancer, switching back if the test fails
# feedback: broken release answered
# needs: bluegreen
set -euo pipefail
cat > /deploy/bin/smoke-test <<'EOF'
#!/bin/bash
set -o pipefail
url=$1; want=$2
curl -fsS -m 5 -o /dev/null "$url/healthz" || exit 1
[ "$(curl -fsS -m 5 "$url/" | jq -r .version)" = "$want" ] || exit 1
curl -fsS -m 5 "$url/api/items" | jq -e 'type == "array" and length > 0' >/dev/null || exit 1
EOF
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
live=$(curl -fsS -m 5 http://127.0.0.1:8080/ | jq -r .instance)
if [ "$live" = blue ]; then idle=green; port=8002; else idle=blue; port=8001; fi
fleet deploy "$idle" "$1"
for _ in $(seq 60); do curl -fs -m 2 -o /dev/null "http://apps:$port/healthz" && break; sleep 0.5; done
switch "$idle"
sleep 1
if ! smoke-test http://127.0.0.1:8080 "$1"; then
  switch "$live"
  echo "smoke test failed, switched back to $live" >&2
  exit 1
fi
EOF
chmod +x /deploy/bin/smoke-test /deploy/bin/promote
