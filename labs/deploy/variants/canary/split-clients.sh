#!/usr/bin/env bash
# expect: pass
# why: a random per-request split with split_clients on $request_id and two upstreams, instead of weights
set -euo pipefail
cat > /deploy/bin/canary <<'EOF'
#!/bin/bash
set -euo pipefail
p="${1:-x}"
[[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -le 100 ] || { echo "canary: PERCENT must be 0-100" >&2; exit 1; }
if [ "$p" -eq 0 ]; then split="    * stable;"
elif [ "$p" -eq 100 ]; then split="    * canary;"
else split="    $p% canary;
    * stable;"
fi
cat > /deploy/nginx/search.conf <<CONF
upstream stable { server apps:8101; }
upstream canary { server apps:8102; }
split_clients "\${request_id}" \$search_pool {
$split
}
server {
    listen 8081;
    location / { proxy_pass http://\$search_pool; }
}
CONF
nginx -t -q && nginx -s reload
EOF
chmod +x /deploy/bin/canary
