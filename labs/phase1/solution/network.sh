#!/bin/bash
# Reference solution: run on web01.
set -euo pipefail
port="$LAB_PARAM_WEB_PORT"
alias_name="$LAB_PARAM_BACKUP_ALIAS"

# nginx: add the missing ';' and listen on the port the balancer expects.
sed -i -E "s/^(\s*)listen\s+[^;]*;?\s*$/\1listen $port;/" /etc/nginx/sites-available/shop
ln -sf ../sites-available/shop /etc/nginx/sites-enabled/shop
nginx -t
if [ -s /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then
  nginx -s reload
else
  nginx
fi

# The backup server's alias. /etc/hosts is bind-mounted: append, never replace.
ip="$(getent ahostsv4 backup01 | awk 'NR == 1 { print $1 }')"
if ! grep -qE "^[^#]*[[:space:]]$alias_name([[:space:]]|\$)" /etc/hosts; then
  echo "$ip $alias_name" >> /etc/hosts
fi
getent hosts "$alias_name"
