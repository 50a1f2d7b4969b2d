#!/usr/bin/env bash
# expect: pass
# why: /etc/cron.d/shop_backup with a zero-padded hour and day-of-week 0-6 (every day), MAILTO empty
# run_in: web
set -euo pipefail
cat > /etc/cron.d/shop_backup <<CRON
MAILTO=""
$LAB_PARAM_BACKUP_MINUTE $(printf '%02d' "$LAB_PARAM_BACKUP_HOUR") * * 0-6 root /usr/local/bin/shop-backup
CRON
chmod 644 /etc/cron.d/shop_backup
pgrep cron >/dev/null || cron
