#!/usr/bin/env bash
# expect: pass
# why: `tar -cf - | gzip` with pipefail (paths srv/shop/... in the archive), `if ! ...; then` error handling
# run_in: web
set -euo pipefail
cat > /usr/local/bin/shop-backup <<'SH'
#!/bin/bash
set -o pipefail
out="/var/backups/shop/shop-$(date +%F).tar.gz"
if [ ! -d /srv/shop ]; then
  echo "ERROR: /srv/shop not found, nothing backed up" 1>&2
  exit 2
fi
mkdir -p /var/backups/shop || exit 3
if ! tar -cf - -C / srv/shop | gzip -9 > "$out.part"; then
  rm -f "$out.part"
  echo "ERROR: archiving /srv/shop failed" >&2
  exit 4
fi
mv "$out.part" "$out"
SH
chmod +x /usr/local/bin/shop-backup
