#!/usr/bin/env bash
# expect: pass
# why: the learner serves the shop with HAProxy instead and switches through its runtime API (socat to the admin socket)
set -euo pipefail
# free port 8080 in nginx, then run HAProxy there
rm -f /deploy/nginx/shop.conf
nginx -s reload
mkdir -p /deploy/haproxy
cat > /deploy/haproxy/shop.cfg <<'EOF'
global
    stats socket /run/haproxy-shop.sock mode 600 level admin
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
frontend shop
    bind :8080
    default_backend shop
backend shop
    server blue apps:8001
    server green apps:8002 disabled
EOF
for _ in $(seq 20); do
  haproxy -D -f /deploy/haproxy/shop.cfg -p /run/haproxy-shop.pid && break
  sleep 0.25
done
cat > /deploy/bin/switch <<'EOF'
#!/bin/bash
set -euo pipefail
case "${1:-}" in
  blue) other=green ;;
  green) other=blue ;;
  *) echo "usage: switch blue|green" >&2; exit 2 ;;
esac
api() { echo "$1" | socat stdio /run/haproxy-shop.sock; }
api "set server shop/$1 state ready"
api "set server shop/$other state maint"
echo "shop -> $1"
EOF
chmod +x /deploy/bin/switch
