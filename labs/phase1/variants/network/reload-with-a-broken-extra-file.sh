#!/usr/bin/env bash
# expect: fail
# why: the shop works, then a half-written extra conf.d file and `nginx -s reload`: the reload fails, nginx keeps serving the old config
# run_in: web
# feedback: does not load
set -euo pipefail
sed -i -E "s/^(\s*)listen\s+[^;]*;?\s*$/\1listen $LAB_PARAM_WEB_PORT;/" /etc/nginx/sites-available/shop
nginx
printf 'server {\n    listen 8443 ssl\n    server_name shop.pebble.example;\n' > /etc/nginx/conf.d/tls.conf
nginx -s reload 2>/dev/null || true
echo "$(getent ahostsv4 backup01 | awk 'NR == 1 { print $1 }') $LAB_PARAM_BACKUP_ALIAS" >> /etc/hosts
