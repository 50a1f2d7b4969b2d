#!/usr/bin/env bash
# expect: pass
# why: the learner keeps both server lines in search.conf and edits their weight/down flags with sed
set -euo pipefail
cat > /deploy/nginx/search.conf <<'EOF'
upstream search {
    server apps:8101;   # stable
    server apps:8102 down;   # canary
}
server {
    listen 8081;
    location / {
        proxy_pass http://search;
    }
}
EOF
nginx -s reload
cat > /deploy/bin/canary <<'EOF'
#!/bin/bash
p=$1
case "$p" in ''|*[!0-9]*) echo "not a percentage: $p" >&2; exit 1 ;; esac
[ "$p" -le 100 ] || { echo "not a percentage: $p" >&2; exit 1; }
conf=/deploy/nginx/search.conf
if [ "$p" = 0 ]; then s="server apps:8101;"; c="server apps:8102 down;"
elif [ "$p" = 100 ]; then s="server apps:8101 down;"; c="server apps:8102;"
else s="server apps:8101 weight=$((100 - p));"; c="server apps:8102 weight=$p;"
fi
sed -i -E "s/server apps:8101[^;]*;/$s/; s/server apps:8102[^;]*;/$c/" $conf
nginx -t && nginx -s reload
EOF
chmod +x /deploy/bin/canary
