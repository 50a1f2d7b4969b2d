#!/usr/bin/env bash
# expect: fail
# why: switch treats any argument other than blue as green, so `switch purple` moves the traffic
# feedback: must be refused
set -euo pipefail
cat > /deploy/bin/switch <<'EOF'
#!/bin/bash
set -e
if [ "$1" = blue ]; then p=8001; else p=8002; fi
sed -i -E "s/server apps:800[12];/server apps:$p;/" /deploy/nginx/shop.conf
nginx -t && nginx -s reload
EOF
chmod +x /deploy/bin/switch
