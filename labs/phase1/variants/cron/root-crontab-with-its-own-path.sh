#!/usr/bin/env bash
# expect: pass
# why: root's crontab sets PATH=... and calls the script by name
# run_in: web
set -euo pipefail
{
  echo "PATH=/usr/local/bin:/usr/bin:/bin"
  echo "$LAB_PARAM_BACKUP_MINUTE $LAB_PARAM_BACKUP_HOUR * * * shop-backup"
} | crontab -u root -
service cron start
