#!/usr/bin/env bash
# expect: fail
# why: nginx right, but the alias went into the workstation's /etc/hosts, not web01's
# run_in: web
# feedback: does not resolve on web01
set -euo pipefail
sed -i -E "s/^(\s*)listen\s+[^;]*;?\s*$/\1listen $LAB_PARAM_WEB_PORT;/" /etc/nginx/sites-available/shop
nginx
# == run_in: workspace ==
echo "$(getent ahostsv4 backup01 | awk 'NR == 1 { print $1 }') $LAB_PARAM_BACKUP_ALIAS" >> /etc/hosts
