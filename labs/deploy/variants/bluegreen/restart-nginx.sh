#!/usr/bin/env bash
# expect: fail
# why: switch edits the config and restarts nginx (stop, then start) instead of reloading it
# feedback: requests failed
set -euo pipefail
cat > /deploy/bin/switch <<'EOF'
#!/bin/bash
case "$1" in blue) p=8001 ;; green) p=8002 ;; *) echo "blue or green" >&2; exit 1 ;; esac
sed -i -E "s/server apps:800[12];/server apps:$p;/" /deploy/nginx/shop.conf
nginx -s stop
sleep 0.5
nginx
EOF
chmod +x /deploy/bin/switch
