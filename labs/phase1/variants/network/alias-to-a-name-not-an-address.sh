#!/usr/bin/env bash
# expect: fail
# why: /etc/hosts used like a CNAME: "backup01 ALIAS", a name where the address belongs
# run_in: web
# feedback: does not resolve on web01
set -euo pipefail
sed -i -E "s/^(\s*)listen\s+[^;]*;?\s*$/\1listen $LAB_PARAM_WEB_PORT;/" /etc/nginx/sites-available/shop
nginx
echo "backup01 $LAB_PARAM_BACKUP_ALIAS" >> /etc/hosts
