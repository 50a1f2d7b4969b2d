#!/usr/bin/env bash
# expect: pass
# why: a new server block in conf.d instead of fixing the old site; the alias on a line with several names
# run_in: web
set -euo pipefail
rm -f /etc/nginx/sites-enabled/shop
cat > /etc/nginx/conf.d/storefront.conf <<CONF
server {
    listen $LAB_PARAM_WEB_PORT;
    root /srv/shop/public;
    location / { try_files \$uri \$uri/ =404; }
}
CONF
nginx -t
if pgrep -x nginx >/dev/null; then nginx -s reload; else nginx; fi
echo "$(getent ahostsv4 backup01 | awk 'NR == 1 { print $1 }') backup01.internal $LAB_PARAM_BACKUP_ALIAS" >> /etc/hosts
