#!/usr/bin/env bash
# expect: fail
# why: fixed the syntax error and started nginx, but left the site on port 80; the alias is right
# run_in: web
# feedback: connection refused
set -euo pipefail
sed -i 's/listen 80 default_server$/listen 80;/' /etc/nginx/sites-available/shop
nginx
echo "$(getent ahostsv4 backup01 | awk 'NR == 1 { print $1 }') $LAB_PARAM_BACKUP_ALIAS" >> /etc/hosts
