#!/usr/bin/env bash
# expect: fail
# why: split_clients on $remote_addr: each client sticks to one side, so the checker (one client) gets all or nothing
# feedback: reached the canary
set -euo pipefail
cat > /deploy/bin/canary <<'EOF'
#!/bin/bash
p=$1
if [ "$p" = 0 ]; then split="* stable;"; elif [ "$p" = 100 ]; then split="* canary;"; else split="$p% canary; * stable;"; fi
cat > /deploy/nginx/search.conf <<CONF
upstream stable { server apps:8101; }
upstream canary { server apps:8102; }
split_clients "\${remote_addr}" \$pool { $split }
server { listen 8081; location / { proxy_pass http://\$pool; } }
CONF
nginx -t && nginx -s reload
EOF
chmod +x /deploy/bin/canary
