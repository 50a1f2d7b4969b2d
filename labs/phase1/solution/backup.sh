#!/bin/bash
# Reference solution: run on web01.
set -euo pipefail
cat > /usr/local/bin/shop-backup <<'SCRIPT'
#!/bin/bash
# Archive /srv/shop into /var/backups/shop/shop-YYYY-MM-DD.tar.gz; fail loudly.
set -euo pipefail

src=/srv/shop
dest=/var/backups/shop
archive="$dest/shop-$(date +%F).tar.gz"

die() { echo "shop-backup: $*" >&2; exit 1; }

[ -d "$src" ] || die "source folder $src does not exist"
[ -r "$src" ] || die "source folder $src is not readable"
mkdir -p "$dest" || die "cannot create $dest"

tmp="$(mktemp "$dest/.shop-backup.XXXXXX")" || die "cannot write in $dest"
trap 'rm -f "$tmp"' EXIT
tar -czf "$tmp" -C "$(dirname "$src")" "$(basename "$src")" || die "tar failed"
chmod 0640 "$tmp"
mv -f "$tmp" "$archive"
trap - EXIT
echo "shop-backup: wrote $archive"
SCRIPT
chmod 0755 /usr/local/bin/shop-backup
/usr/local/bin/shop-backup
