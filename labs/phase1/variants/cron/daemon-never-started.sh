#!/usr/bin/env bash
# expect: fail
# why: the right cron.d file, but the cron daemon was never started on this box
# run_in: web
# feedback: cron daemon is not running
set -euo pipefail
echo "$LAB_PARAM_BACKUP_MINUTE $LAB_PARAM_BACKUP_HOUR * * * root /usr/local/bin/shop-backup" > /etc/cron.d/shop-backup
