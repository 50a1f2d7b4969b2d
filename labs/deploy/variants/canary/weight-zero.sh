#!/usr/bin/env bash
# expect: fail
# why: the learner writes weight=0 at 0% and 100%, which nginx refuses, and does not notice the failed reload
# feedback: reached the canary
# alone: true
# (alone: the weights it writes stop nginx from reloading at all, so no other task could be judged beside it)
set -euo pipefail
cat > /deploy/bin/canary <<'EOF'
#!/bin/bash
p=$1
cat > /deploy/nginx/search.conf <<CONF
upstream search {
    server apps:8101 weight=$((100 - p));
    server apps:8102 weight=$p;
}
server { listen 8081; location / { proxy_pass http://search; } }
CONF
nginx -s reload
echo "canary at $p%"
EOF
chmod +x /deploy/bin/canary
