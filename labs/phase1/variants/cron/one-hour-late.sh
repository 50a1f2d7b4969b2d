#!/usr/bin/env bash
# expect: fail
# why: the hour is off by one (the learner converted a time zone that does not exist here)
# run_in: web
# feedback: it should run every day at
set -euo pipefail
echo "$LAB_PARAM_BACKUP_MINUTE $(( (LAB_PARAM_BACKUP_HOUR + 1) % 24 )) * * * root /usr/local/bin/shop-backup" \
  > /etc/cron.d/shop-backup
service cron start
