#!/bin/bash
# Reference solution: run on web01. A system cron file with a user field.
set -euo pipefail
cat > /etc/cron.d/shop-backup <<CRON
# Nightly backup of the storefront (see /usr/local/bin/shop-backup).
SHELL=/bin/bash
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
$LAB_PARAM_BACKUP_MINUTE $LAB_PARAM_BACKUP_HOUR * * * root /usr/local/bin/shop-backup
CRON
chmod 0644 /etc/cron.d/shop-backup
pgrep -x cron >/dev/null || service cron start
