#!/usr/bin/env bash
# expect: fail
# why: the smoke test only checks that /healthz answers 200
# feedback: passed a build
# needs: bluegreen
set -euo pipefail
cat > /deploy/bin/smoke-test <<'EOF'
#!/bin/bash
curl -fsS -m 5 -o /dev/null "$1/healthz"
EOF
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
set -euo pipefail
live=$(curl -fsS -m 5 http://127.0.0.1:8080/ | jq -r .instance)
if [ "$live" = blue ]; then idle=green; port=8002; else idle=blue; port=8001; fi
fleet deploy "$idle" "$1"
for _ in $(seq 60); do curl -fs -m 2 -o /dev/null "http://apps:$port/healthz" && break; sleep 0.5; done
smoke-test "http://apps:$port" "$1" || exit 1
switch "$idle"
EOF
chmod +x /deploy/bin/smoke-test /deploy/bin/promote
