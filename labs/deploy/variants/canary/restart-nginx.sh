#!/usr/bin/env bash
# expect: fail
# why: the weights are right, but canary restarts nginx (stop and start) to apply them
# feedback: requests failed
set -euo pipefail
cat > /deploy/bin/canary <<'EOF'
#!/bin/bash
p=$1
if [ "$p" = 0 ]; then servers="server apps:8101;"
elif [ "$p" = 100 ]; then servers="server apps:8102;"
else servers="server apps:8101 weight=$((100 - p)); server apps:8102 weight=$p;"
fi
cat > /deploy/nginx/search.conf <<CONF
upstream search { $servers }
server { listen 8081; location / { proxy_pass http://search; } }
CONF
nginx -s stop; sleep 0.5; nginx
EOF
chmod +x /deploy/bin/canary
