#!/usr/bin/env bash
# expect: pass
# why: fixes the site file with sed (listen 0.0.0.0:PORT default_server), disables Debian's default site, starts nginx by hand; the alias with a tab and a comment
# run_in: web
set -euo pipefail
sed -i -e "s/^\(\s*\)listen .*/\1listen 0.0.0.0:$LAB_PARAM_WEB_PORT default_server;/" /etc/nginx/sites-available/shop
rm -f /etc/nginx/sites-enabled/default
nginx -t
pgrep -x nginx >/dev/null && nginx -s reload || nginx
printf '%s\t%s\t# backup server\n' "$(getent hosts backup01 | awk '{ print $1; exit }')" "$LAB_PARAM_BACKUP_ALIAS" >> /etc/hosts
getent hosts "$LAB_PARAM_BACKUP_ALIAS"
