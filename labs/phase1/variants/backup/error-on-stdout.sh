#!/usr/bin/env bash
# expect: fail
# why: exits 1 when /srv/shop is missing, but prints the error with a plain echo (stdout)
# run_in: web
# feedback: stdout
set -euo pipefail
cat > /usr/local/bin/shop-backup <<'SH'
#!/bin/bash
set -e
[ -d /srv/shop ] || { echo "shop-backup: /srv/shop is missing"; exit 1; }
mkdir -p /var/backups/shop
tmp=$(mktemp /var/backups/shop/.tmp.XXXXXX)
tar -czf "$tmp" -C /srv shop
mv "$tmp" "/var/backups/shop/shop-$(date +%F).tar.gz"
SH
chmod +x /usr/local/bin/shop-backup
