#!/usr/bin/env bash
# expect: fail
# why: the weights are swapped: stable gets PERCENT and the canary the rest
# feedback: reached the canary
# alone: true
# (alone: at 0% it writes a negative weight, which leaves nginx unable to reload for every other task)
set -euo pipefail
cat > /deploy/bin/canary <<'EOF'
#!/bin/bash
p=$1
if [ "$p" = 0 ]; then servers="server apps:8101;"
elif [ "$p" = 100 ]; then servers="server apps:8102;"
else servers="server apps:8101 weight=$p; server apps:8102 weight=$((100 - p));"
fi
cat > /deploy/nginx/search.conf <<CONF
upstream search { $servers }
server { listen 8081; location / { proxy_pass http://search; } }
CONF
nginx -t && nginx -s reload
EOF
chmod +x /deploy/bin/canary
