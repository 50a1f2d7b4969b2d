#!/usr/bin/env bash
# expect: fail
# why: gives up on nginx and serves /srv/shop/public with python3 -m http.server on the port
# run_in: web
# feedback: not by nginx
set -euo pipefail
nohup python3 -m http.server "$LAB_PARAM_WEB_PORT" --directory /srv/shop/public >/tmp/http.log 2>&1 &
sleep 1
echo "$(getent ahostsv4 backup01 | awk 'NR == 1 { print $1 }') $LAB_PARAM_BACKUP_ALIAS" >> /etc/hosts
