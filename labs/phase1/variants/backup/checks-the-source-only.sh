#!/usr/bin/env bash
# expect: fail
# why: checks that /srv/shop exists, but without set -e any later failure (here: the destination) ends in exit 0
# run_in: web
# feedback: unusable .*exited with status 0
set -uo pipefail
cat > /usr/local/bin/shop-backup <<'SH'
#!/bin/bash
if [ ! -d /srv/shop ]; then
  echo "shop-backup: /srv/shop does not exist" >&2
  exit 1
fi
dest=/var/backups/shop
mkdir -p "$dest" 2>/dev/null
tmp="$dest/.shop.tmp"
tar -czf "$tmp" -C /srv shop && mv "$tmp" "$dest/shop-$(date +%F).tar.gz"
echo "backup done"
SH
chmod +x /usr/local/bin/shop-backup
