#!/usr/bin/env bash
# expect: pass
# why: root's crontab with equivalent ranges and steps and a zero-padded minute; cron started directly
# run_in: web
set -euo pipefail
printf 'MAILTO=""\n%02d %s 1-31 */1 0-7 /usr/local/bin/shop-backup >>/var/log/shop-backup.log 2>&1\n' \
  "$LAB_PARAM_BACKUP_MINUTE" "$LAB_PARAM_BACKUP_HOUR" | crontab -
pgrep -x cron >/dev/null || /usr/sbin/cron
