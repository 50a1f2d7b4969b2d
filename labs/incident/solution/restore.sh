#!/bin/bash
# Reference solution (restore): install /lab/runbooks/restore.sh.
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/restore.sh <<'SCRIPT'
#!/bin/bash
# restore.sh: restore the shop database from the newest intact nightly backup.
set -euo pipefail
ssh db bash -s <<'SH'
set -euo pipefail
cd /var/backups/shop
for f in $(ls -t -- *.dump); do
  if sha256sum --status -c "$f.sha256" && su postgres -c "pg_restore --list '$PWD/$f'" >/dev/null 2>&1; then
    echo "restoring $f"
    su postgres -c "pg_restore --clean --if-exists --single-transaction -d shop '$PWD/$f'"
    su postgres -c "psql -XAtqd shop -c 'SELECT count(*) || '' orders restored'' FROM orders'"
    exit 0
  fi
  echo "skipping $f: damaged (checksum or archive)"
done
echo "no intact backup in /var/backups/shop" >&2
exit 1
SH
SCRIPT
chmod +x /lab/runbooks/restore.sh
bash -n /lab/runbooks/restore.sh
