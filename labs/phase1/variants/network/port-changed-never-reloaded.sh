#!/usr/bin/env bash
# expect: fail
# why: got nginx running on port 80 first, then changed the port in the file and never reloaded
# run_in: web
# feedback: connection refused
set -euo pipefail
sed -i 's/listen 80 default_server$/listen 80;/' /etc/nginx/sites-available/shop
rm -f /etc/nginx/sites-enabled/default
nginx
sed -i "s/listen 80;/listen $LAB_PARAM_WEB_PORT;/" /etc/nginx/sites-available/shop
echo "$(getent ahostsv4 backup01 | awk 'NR == 1 { print $1 }') $LAB_PARAM_BACKUP_ALIAS" >> /etc/hosts
