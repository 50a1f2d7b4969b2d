#!/usr/bin/env bash
# expect: fail
# why: every replica is deployed at once, then the script waits for all of them
# feedback: unavailable at once
set -euo pipefail
cat > /deploy/bin/rolling-update <<'EOF'
#!/bin/bash
for i in $(seq 1 $REPLICAS); do fleet deploy web$i $1; done
for i in $(seq 1 $REPLICAS); do
  until curl -sf http://apps:$((8200 + i))/healthz >/dev/null; do sleep 0.3; done
done
EOF
chmod +x /deploy/bin/rolling-update
