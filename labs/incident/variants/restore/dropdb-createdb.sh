#!/usr/bin/env bash
# expect: pass
# why: maintenance mode: stops the API, recreates the database from scratch (dropdb --force, createdb -O shop), restores the newest backup that passes sha256sum -c, starts the API again
# params: fault=dependency, link=api-db, dependency=db, bad_setting=name, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/restore.sh <<'SCRIPT'
#!/bin/bash
set -euo pipefail
ssh -n api 'service shop-api stop'
trap "ssh -n api 'service shop-api start'" EXIT
ssh db bash -s <<'SH'
set -euo pipefail
cd /var/backups/shop
good=""
for f in $(ls -1 shop-*.dump | sort -r); do
  if sha256sum -c --quiet "$f.sha256" 2>/dev/null; then good=$f; break; fi
  echo "checksum mismatch: $f"
done
[ -n "$good" ] || { echo "no good backup"; exit 1; }
echo "restoring $good"
su postgres -c "dropdb --force --if-exists shop && createdb -O shop shop"
su postgres -c "pg_restore -d shop /var/backups/shop/$good"
SH
SCRIPT
chmod +x /lab/runbooks/restore.sh
