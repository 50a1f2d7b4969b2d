#!/usr/bin/env bash
# expect: fail
# why: root's crontab calls `shop-backup` by name, but cron's PATH (/usr/bin:/bin) does not hold /usr/local/bin
# run_in: web
# feedback: PATH=/usr/bin:/bin
set -euo pipefail
echo "$LAB_PARAM_BACKUP_MINUTE $LAB_PARAM_BACKUP_HOUR * * * shop-backup" | crontab -
service cron start
