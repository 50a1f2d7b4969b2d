#!/usr/bin/env bash
# expect: pass
# why: set -Eeuo pipefail with an ERR trap that reports on stderr; builds in /var/tmp and moves the archive into place
# run_in: web
set -euo pipefail
cat > /usr/local/bin/shop-backup <<'SH'
#!/usr/bin/env bash
set -Eeuo pipefail
trap 'echo "shop-backup: failed at line $LINENO" >&2' ERR
dest=/var/backups/shop
today=$(date +%Y-%m-%d)
test -d /srv/shop
mkdir -p "$dest"
work=$(mktemp /var/tmp/shop-backup.XXXXXX)
tar --create --gzip --file "$work" --directory /srv shop
mv -f "$work" "$dest/shop-$today.tar.gz"
SH
chmod 755 /usr/local/bin/shop-backup
shop-backup
tar -tzf "/var/backups/shop/shop-$(date +%F).tar.gz" | head -3
