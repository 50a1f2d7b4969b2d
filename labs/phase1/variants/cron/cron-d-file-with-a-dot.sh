#!/usr/bin/env bash
# expect: fail
# why: the right line, in /etc/cron.d/shop-backup.cron, whose name cron ignores
# run_in: web
# feedback: cron ignores /etc/cron.d/shop-backup.cron
set -euo pipefail
echo "$LAB_PARAM_BACKUP_MINUTE $LAB_PARAM_BACKUP_HOUR * * * root /usr/local/bin/shop-backup" \
  > /etc/cron.d/shop-backup.cron
service cron start
