#!/usr/bin/env bash
# expect: fail
# why: the loop runs to REPLICAS - 1, so the last replica keeps the old version
# feedback: not ready on
set -euo pipefail
cat > /deploy/bin/rolling-update <<'EOF'
#!/bin/bash
set -e
for i in $(seq 1 $((REPLICAS - 1))); do
  port=$((8200 + i))
  sed -i "s/server apps:$port;/server apps:$port down;/" /deploy/nginx/catalog.conf
  nginx -s reload; sleep 0.5
  fleet deploy web$i $1
  until curl -sf http://apps:$port/healthz >/dev/null; do sleep 0.3; done
  sed -i "s/server apps:$port down;/server apps:$port;/" /deploy/nginx/catalog.conf
  nginx -s reload
done
EOF
chmod +x /deploy/bin/rolling-update
