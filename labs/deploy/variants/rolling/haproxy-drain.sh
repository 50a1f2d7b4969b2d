#!/usr/bin/env bash
# expect: pass
# why: the catalog moves to HAProxy on port 8082; rolling-update drains each batch through the runtime API until its sessions are done, deploys, waits, and makes it ready again
set -euo pipefail
sed -i 's/listen 8082;/listen 18082;/' /deploy/nginx/catalog.conf   # hand port 8082 to HAProxy
nginx -s reload
mkdir -p /deploy/haproxy
{
  printf 'global\n    stats socket /run/haproxy-catalog.sock mode 600 level admin\n'
  printf 'defaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\n'
  printf 'frontend catalog\n    bind :8082\n    default_backend catalog\n'
  printf 'backend catalog\n    balance roundrobin\n    option redispatch\n    retries 2\n'
  for i in $(seq 1 "$REPLICAS"); do printf '    server web%s apps:%s\n' "$i" "$((8200 + i))"; done
} > /deploy/haproxy/catalog.cfg
for _ in $(seq 20); do
  haproxy -D -f /deploy/haproxy/catalog.cfg -p /run/haproxy-catalog.pid && break
  sleep 0.25
done
cat > /deploy/bin/rolling-update <<'EOF'
#!/bin/bash
set -euo pipefail
v=$1
api() { echo "$1" | socat stdio /run/haproxy-catalog.sock >/dev/null; }
for ((i = 1; i <= REPLICAS; i += MAX_UNAVAILABLE)); do
  batch=$(seq "$i" "$((i + MAX_UNAVAILABLE - 1))" | awk -v n="$REPLICAS" '$1 <= n')
  for j in $batch; do api "set server catalog/web$j state drain"; done
  for j in $batch; do   # wait until the drained servers have no session left (scur, 5th column)
    until [ "$(echo 'show stat' | socat stdio /run/haproxy-catalog.sock | awk -F, -v s="web$j" '$1 == "catalog" && $2 == s {print $5}')" = 0 ]; do sleep 0.1; done
    api "set server catalog/web$j state maint"
  done
  for j in $batch; do fleet deploy "web$j" "$v" >/dev/null; done
  for j in $batch; do
    until [ "$(fleet status "web$j" --json | jq -r .state)" = ready ]; do sleep 0.3; done
    api "set server catalog/web$j state ready"
  done
done
EOF
chmod +x /deploy/bin/rolling-update
