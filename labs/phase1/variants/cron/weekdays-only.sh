#!/usr/bin/env bash
# expect: fail
# why: the right time, but Monday to Friday only
# run_in: web
# feedback: and not every day
set -euo pipefail
echo "$LAB_PARAM_BACKUP_MINUTE $LAB_PARAM_BACKUP_HOUR * * 1-5 /usr/local/bin/shop-backup" | crontab -
service cron start
