#!/usr/bin/env bash
# expect: fail
# why: promote deploys the new version onto the live color in place, smoke-tests it there and switches to the color it deployed to
# feedback: should leave the shop on|failed
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
set -euo pipefail
live=$(curl -fsS -m 5 http://127.0.0.1:8080/ | jq -r .instance)
if [ "$live" = blue ]; then port=8001; else port=8002; fi
fleet deploy "$live" "$1"
for _ in $(seq 60); do curl -fs -m 2 -o /dev/null "http://apps:$port/healthz" && break; sleep 0.5; done
smoke-test "http://apps:$port" "$1" || exit 1
switch "$live"
EOF
chmod +x /deploy/bin/smoke-test /deploy/bin/promote
