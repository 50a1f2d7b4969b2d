#!/usr/bin/env bash
# expect: fail
# why: each replica is drained and updated, but the sed that should put it back only matches the first one
# feedback: got none|failed
set -euo pipefail
cat > /deploy/bin/rolling-update <<'EOF'
#!/bin/bash
set -e
for i in $(seq 1 $REPLICAS); do
  port=$((8200 + i))
  sed -i "s/server apps:$port;/server apps:$port down;/" /deploy/nginx/catalog.conf
  nginx -s reload; sleep 0.5
  fleet deploy web$i $1
  until curl -sf http://apps:$port/healthz >/dev/null; do sleep 0.3; done
  sed -i "0,/ down;/s/server apps:8201 down;/server apps:8201;/" /deploy/nginx/catalog.conf
  nginx -s reload
done
EOF
chmod +x /deploy/bin/rolling-update
