#!/usr/bin/env bash
# expect: pass
# why: search moves to HAProxy on port 8081 and canary sets the two servers' weights through the runtime API
set -euo pipefail
rm -f /deploy/nginx/search.conf
nginx -s reload
mkdir -p /deploy/haproxy
cat > /deploy/haproxy/search.cfg <<'EOF'
global
    stats socket /run/haproxy-search.sock mode 600 level admin
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
frontend search
    bind :8081
    default_backend search
backend search
    balance roundrobin
    server stable apps:8101 weight 100
    server canary apps:8102 weight 0
EOF
for _ in $(seq 20); do
  haproxy -D -f /deploy/haproxy/search.cfg -p /run/haproxy-search.pid && break
  sleep 0.25
done
cat > /deploy/bin/canary <<'EOF'
#!/bin/bash
set -euo pipefail
p="${1:-x}"
[[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -le 100 ] || { echo "canary: PERCENT must be 0-100" >&2; exit 1; }
api() { echo "$1" | socat stdio /run/haproxy-search.sock; }
# raise one side before lowering the other, so both are never 0 at once
if [ "$p" -gt 50 ]; then
  api "set weight search/canary $p"; api "set weight search/stable $((100 - p))"
else
  api "set weight search/stable $((100 - p))"; api "set weight search/canary $p"
fi
EOF
chmod +x /deploy/bin/canary
