#!/usr/bin/env bash
# expect: pass
# why: writes a new sites-available/storefront, links it instead of the old one, `service nginx start`; alias first, then backup01's own name
# run_in: web
set -euo pipefail
cat > /etc/nginx/sites-available/storefront <<CONF
server {
    listen $LAB_PARAM_WEB_PORT;
    server_name _;
    root /srv/shop/public;
    index index.html;
}
CONF
ln -sf /etc/nginx/sites-available/storefront /etc/nginx/sites-enabled/storefront
rm -f /etc/nginx/sites-enabled/shop
service nginx start
ip=$(getent ahostsv4 backup01 | awk 'NR == 1 { print $1 }')
echo "$ip $LAB_PARAM_BACKUP_ALIAS backup01" | tee -a /etc/hosts
