#!/usr/bin/env bash
# expect: fail
# why: switch edits shop.conf and checks it with nginx -t, but never reloads nginx
# feedback: should answer every request from green|did not move the traffic
set -euo pipefail
cat > /deploy/bin/switch <<'EOF'
#!/bin/bash
case "$1" in blue) p=8001 ;; green) p=8002 ;; *) echo "blue or green" >&2; exit 1 ;; esac
sed -i -E "s/server apps:800[12];/server apps:$p;/" /deploy/nginx/shop.conf
nginx -t
EOF
chmod +x /deploy/bin/switch
