#!/usr/bin/env bash
# expect: pass
# why: the smoke test retries each step three times with short timeouts; promote asks the load balancer which color answers
# needs: bluegreen
set -euo pipefail
cat > /deploy/bin/smoke-test <<'EOF'
#!/bin/bash
url=$1; want=$2
try() {  # try DESCRIPTION COMMAND...: up to 3 attempts
  local what=$1; shift
  for attempt in 1 2 3; do "$@" && return 0; sleep 1; done
  echo "FAIL: $what" >&2; exit 1
}
try "healthz" curl -fs -m 2 -o /dev/null "$url/healthz"
try "version $want" bash -o pipefail -c "curl -fs -m 2 '$url/' | jq -e --arg v '$want' '.version == \$v' >/dev/null"
try "items" bash -o pipefail -c "curl -fs -m 2 '$url/api/items' | jq -e 'type == \"array\" and length >= 1' >/dev/null"
echo "PASS: $want at $url"
EOF
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
set -euo pipefail
v=$1
live=$(curl -s -m 5 -D - -o /dev/null http://localhost:8080/ | tr -d '\r' | awk -F': ' 'tolower($1) == "x-instance" {print $2}')
if [ "$live" = green ]; then idle=blue; port=8001; else idle=green; port=8002; fi
fleet deploy "$idle" "$v" >/dev/null
timeout 30 bash -c "until curl -fs -m 1 -o /dev/null http://apps:$port/healthz; do sleep 0.3; done" || true
smoke-test "http://apps:$port" "$v" || exit 1
switch "$idle"
EOF
chmod +x /deploy/bin/smoke-test /deploy/bin/promote
