#!/usr/bin/env bash
# expect: fail
# why: nginx fixed, but the alias points at web01's own address
# run_in: web
# feedback: resolves to .*backup01's address
set -euo pipefail
sed -i -E "s/^(\s*)listen\s+[^;]*;?\s*$/\1listen $LAB_PARAM_WEB_PORT;/" /etc/nginx/sites-available/shop
nginx
echo "$(hostname -i | awk '{ print $1 }') $LAB_PARAM_BACKUP_ALIAS" >> /etc/hosts
