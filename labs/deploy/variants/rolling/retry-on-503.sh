#!/usr/bin/env bash
# expect: pass
# why: instead of draining, the learner makes nginx retry another replica on 503 and errors, then deploys batch by batch waiting for /healthz
set -euo pipefail
sed -i 's|proxy_pass http://catalog;|proxy_pass http://catalog;\n        proxy_next_upstream error timeout http_502 http_503;|' /deploy/nginx/catalog.conf
nginx -t && nginx -s reload
cat > /deploy/bin/rolling-update <<'EOF'
#!/bin/bash
set -euo pipefail
v=$1
i=1
while [ "$i" -le "$REPLICAS" ]; do
  batch=()
  for ((j = i; j < i + MAX_UNAVAILABLE && j <= REPLICAS; j++)); do batch+=("$j"); done
  for j in "${batch[@]}"; do fleet deploy "web$j" "$v"; done
  for j in "${batch[@]}"; do
    until curl -fs -m 2 -o /dev/null "http://apps:$((8200 + j))/healthz"; do sleep 0.2; done
  done
  i=$((i + MAX_UNAVAILABLE))
done
EOF
chmod +x /deploy/bin/rolling-update
