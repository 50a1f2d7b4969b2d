#!/usr/bin/env bash
# expect: pass
# why: a line in /etc/crontab with the bare script name (that file's PATH has /usr/local/bin); service cron start
# run_in: web
set -euo pipefail
printf '%s %s\t* * *\troot\tshop-backup\n' "$LAB_PARAM_BACKUP_MINUTE" "$LAB_PARAM_BACKUP_HOUR" >> /etc/crontab
service cron start
