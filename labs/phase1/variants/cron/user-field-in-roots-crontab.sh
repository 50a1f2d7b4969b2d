#!/usr/bin/env bash
# expect: fail
# why: copies the /etc/cron.d format into `crontab -e`: a user field where the command should start
# run_in: web
# feedback: a user crontab has no user field
set -euo pipefail
echo "$LAB_PARAM_BACKUP_MINUTE $LAB_PARAM_BACKUP_HOUR * * * root /usr/local/bin/shop-backup" | crontab -
service cron start
