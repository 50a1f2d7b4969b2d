#!/usr/bin/env bash
# expect: pass
# why: one config file per color, and switch points a symlink at the chosen one (ln -sfn) before a reload
set -euo pipefail
mkdir -p /deploy/nginx/colors
for c in blue:8001 green:8002; do
  cat > "/deploy/nginx/colors/${c%%:*}.conf" <<EOF
upstream shop { server apps:${c##*:}; }
server { listen 8080; location / { proxy_pass http://shop; } }
EOF
done
rm -f /deploy/nginx/shop.conf
ln -sfn /deploy/nginx/colors/blue.conf /deploy/nginx/shop.conf
nginx -s reload
cat > /deploy/bin/switch <<'EOF'
#!/bin/sh
set -e
[ "$1" = blue ] || [ "$1" = green ] || { echo "usage: switch blue|green" >&2; exit 64; }
ln -sfn "/deploy/nginx/colors/$1.conf" /deploy/nginx/shop.conf.next
mv -T /deploy/nginx/shop.conf.next /deploy/nginx/shop.conf
nginx -t 2>/dev/null
nginx -s reload
EOF
chmod +x /deploy/bin/switch
