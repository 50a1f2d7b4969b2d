#!/usr/bin/env bash
# expect: pass
# why: the learner moves the shop's server line into an include file that switch rewrites, then tests and reloads nginx
set -euo pipefail
printf '    server apps:8001;\n' > /deploy/nginx/shop-live.inc
cat > /deploy/nginx/shop.conf <<'EOF'
upstream shop {
    include /deploy/nginx/shop-live.inc;
}
server {
    listen 8080;
    location / { proxy_pass http://shop; }
}
EOF
nginx -t && nginx -s reload
cat > /deploy/bin/switch <<'EOF'
#!/bin/bash
case "$1" in
  blue) p=8001 ;;
  green) p=8002 ;;
  *) echo "switch: blue or green, not '$1'" >&2; exit 1 ;;
esac
printf '    server apps:%s;\n' "$p" > /deploy/nginx/shop-live.inc.new
mv /deploy/nginx/shop-live.inc.new /deploy/nginx/shop-live.inc
nginx -t && nginx -s reload
EOF
chmod +x /deploy/bin/switch
