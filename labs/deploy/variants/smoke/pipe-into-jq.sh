#!/usr/bin/env bash
# expect: fail
# why: the smoke test pipes curl -f into jq -e without pipefail: when curl fails, jq gets no input and exits 0
# feedback: passed a build
# needs: bluegreen
set -euo pipefail
cat > /deploy/bin/smoke-test <<'EOF'
#!/bin/bash
url=$1; want=$2
curl -fsS -m 5 -o /dev/null "$url/healthz" || exit 1
curl -fsS -m 5 "$url/" | jq -e --arg v "$want" '.version == $v' >/dev/null || exit 1
curl -fsS -m 5 "$url/api/items" | jq -e 'length > 0' >/dev/null || exit 1
echo "smoke test passed"
EOF
cat > /deploy/bin/promote <<'EOF'
#!/bin/bash
set -euo pipefail
live=$(curl -fsS -m 5 http://127.0.0.1:8080/ | jq -r .instance)
if [ "$live" = blue ]; then idle=green; port=8002; else idle=blue; port=8001; fi
fleet deploy "$idle" "$1"
for _ in $(seq 60); do curl -fs -m 2 -o /dev/null "http://apps:$port/healthz" && break; sleep 0.5; done
if smoke-test "http://apps:$port" "$1"; then switch "$idle"; else exit 1; fi
EOF
chmod +x /deploy/bin/smoke-test /deploy/bin/promote
