#!/usr/bin/env bash
# expect: fail
# why: nginx retries on 503, but the script moves on as soon as a replica answers at all (curl -s, no -f), which a warming replica's 503 already does
# feedback: unavailable at once
set -euo pipefail
sed -i 's|proxy_pass http://catalog;|proxy_pass http://catalog;\n        proxy_next_upstream error timeout http_502 http_503;|' /deploy/nginx/catalog.conf
nginx -t && nginx -s reload
cat > /deploy/bin/rolling-update <<'EOF'
#!/bin/bash
for i in $(seq 1 $REPLICAS); do
  fleet deploy web$i $1
  until curl -s -o /dev/null http://apps:$((8200 + i))/healthz; do sleep 0.2; done
done
EOF
chmod +x /deploy/bin/rolling-update
