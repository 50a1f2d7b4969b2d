#!/usr/bin/env bash
# expect: fail
# why: after switching, switch stops the old color with fleet to save resources
# feedback: both colors|every request should reach|requests failed
set -euo pipefail
cat > /deploy/bin/switch <<'EOF'
#!/bin/bash
set -e
case "$1" in blue) p=8001; old=green ;; green) p=8002; old=blue ;; *) echo "blue or green" >&2; exit 1 ;; esac
sed -i -E "s/server apps:800[12];/server apps:$p;/" /deploy/nginx/shop.conf
nginx -t && nginx -s reload
sleep 1
fleet stop "$old"
EOF
chmod +x /deploy/bin/switch
