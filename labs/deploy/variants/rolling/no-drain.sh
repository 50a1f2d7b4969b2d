#!/usr/bin/env bash
# expect: fail
# why: batches and readiness are right, but nginx keeps sending clients to the warming replica, which answers 503
# feedback: requests failed
set -euo pipefail
cat > /deploy/bin/rolling-update <<'EOF'
#!/bin/bash
set -e
for ((i = 1; i <= REPLICAS; i += MAX_UNAVAILABLE)); do
  for ((j = i; j < i + MAX_UNAVAILABLE && j <= REPLICAS; j++)); do fleet deploy web$j $1; done
  for ((j = i; j < i + MAX_UNAVAILABLE && j <= REPLICAS; j++)); do
    until curl -fs http://apps:$((8200 + j))/healthz >/dev/null; do sleep 0.2; done
  done
done
EOF
chmod +x /deploy/bin/rolling-update
