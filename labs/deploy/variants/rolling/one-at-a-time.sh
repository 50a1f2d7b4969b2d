#!/usr/bin/env bash
# expect: pass
# why: the learner plays safe and updates one replica at a time even when more may be unavailable, draining each with sed and a reload
set -euo pipefail
cat > /deploy/bin/rolling-update <<'EOF'
#!/bin/bash
set -e
for i in $(seq 1 $REPLICAS); do
  port=$((8200 + i))
  sed -i "s/server apps:$port;/server apps:$port down;/" /deploy/nginx/catalog.conf
  nginx -s reload; sleep 1
  fleet deploy web$i $1
  while ! curl -sf http://apps:$port/healthz >/dev/null; do sleep 0.5; done
  sed -i "s/server apps:$port down;/server apps:$port;/" /deploy/nginx/catalog.conf
  nginx -s reload
done
EOF
chmod +x /deploy/bin/rolling-update
