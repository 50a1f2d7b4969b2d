#!/usr/bin/env bash
# expect: fail
# why: the smoke test first waits for /healthz to answer 200, with no limit, so an instance that never gets healthy hangs it
# feedback: did not decide
# needs: bluegreen
set -euo pipefail
cat > /deploy/bin/smoke-test <<'EOF'
#!/bin/bash
set -o pipefail
url=$1; want=$2
until curl -fs -m 5 -o /dev/null "$url/healthz"; do sleep 1; done
[ "$(curl -fsS -m 5 "$url/" | jq -r .version)" = "$want" ] || exit 1
curl -fsS -m 5 "$url/api/items" | jq -e 'type == "array" and length > 0' >/dev/null || exit 1
EOF
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
set -euo pipefail
live=$(curl -fsS -m 5 http://127.0.0.1:8080/ | jq -r .instance)
if [ "$live" = blue ]; then idle=green; port=8002; else idle=blue; port=8001; fi
fleet deploy "$idle" "$1"
smoke-test "http://apps:$port" "$1" || exit 1
switch "$idle"
EOF
chmod +x /deploy/bin/smoke-test /deploy/bin/promote
