#!/usr/bin/env bash
# expect: fail
# why: archives /srv/shop/public (the website) instead of the whole /srv/shop folder
# run_in: web
# feedback: does not hold the current contents of /srv/shop
set -euo pipefail
cat > /usr/local/bin/shop-backup <<'SH'
#!/bin/bash
set -euo pipefail
[ -d /srv/shop ] || { echo "shop-backup: /srv/shop is missing" >&2; exit 1; }
mkdir -p /var/backups/shop
tmp=$(mktemp /var/backups/shop/.tmp.XXXXXX)
tar -czf "$tmp" -C /srv/shop public
mv "$tmp" "/var/backups/shop/shop-$(date +%F).tar.gz"
SH
chmod +x /usr/local/bin/shop-backup
