#!/usr/bin/env bash
# expect: fail
# why: switch uses `service nginx restart` to apply the change, as the learner does on a VM
# feedback: requests failed
set -euo pipefail
cat > /deploy/bin/switch <<'EOF'
#!/bin/bash
case "$1" in blue) p=8001 ;; green) p=8002 ;; *) echo "blue or green" >&2; exit 1 ;; esac
sed -i -E "s/server apps:800[12];/server apps:$p;/" /deploy/nginx/shop.conf
service nginx restart
EOF
chmod +x /deploy/bin/switch
