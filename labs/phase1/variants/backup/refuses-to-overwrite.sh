#!/usr/bin/env bash
# expect: fail
# why: "never overwrite a backup": noclobber makes the second run of the day fail instead of replacing the archive
# run_in: web
# feedback: a second time the same day failed
set -euo pipefail
cat > /usr/local/bin/shop-backup <<'SH'
#!/bin/bash
set -euo pipefail -o noclobber
[ -d /srv/shop ] || { echo "shop-backup: /srv/shop is missing" >&2; exit 1; }
mkdir -p /var/backups/shop
tmp=$(mktemp -u)
tar -czf "$tmp" -C /srv shop
cat "$tmp" > "/var/backups/shop/shop-$(date +%F).tar.gz"
rm -f "$tmp"
SH
chmod +x /usr/local/bin/shop-backup
