#!/usr/bin/env bash
# expect: fail
# why: deletes the day's archive before checking anything "to replace it cleanly", so a failed run loses the last good backup
# run_in: web
# feedback: deleted the day's archive
set -euo pipefail
cat > /usr/local/bin/shop-backup <<'SH'
#!/bin/bash
set -euo pipefail
final="/var/backups/shop/shop-$(date +%F).tar.gz"
rm -f "$final"
[ -d /srv/shop ] || { echo "shop-backup: no /srv/shop" >&2; exit 1; }
mkdir -p /var/backups/shop
tmp=$(mktemp /var/backups/shop/.new.XXXXXX)
tar -czf "$tmp" -C /srv shop
mv "$tmp" "$final"
SH
chmod +x /usr/local/bin/shop-backup
