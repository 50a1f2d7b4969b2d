#!/usr/bin/env bash
# expect: fail
# why: replicas are deployed one by one, but the script only pauses a moment instead of waiting until each is ready
# feedback: unavailable at once
set -euo pipefail
cat > /deploy/bin/rolling-update <<'EOF'
#!/bin/bash
set -e
for i in $(seq 1 $REPLICAS); do
  fleet deploy web$i $1
  sleep 0.1
done
EOF
chmod +x /deploy/bin/rolling-update
