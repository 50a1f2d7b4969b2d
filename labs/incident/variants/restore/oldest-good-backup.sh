#!/usr/bin/env bash
# expect: fail
# why: takes the first backup that verifies in name order, which is the oldest one: a day of orders more is lost than needed
# feedback: newest intact
# params: fault=loss, link=api-cache, dependency=db, bad_setting=host, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/restore.sh <<'SCRIPT'
#!/bin/bash
set -euo pipefail
ssh db bash -s <<'SH'
cd /var/backups/shop
for f in $(ls *.dump | sort); do
  sha256sum --status -c "$f.sha256" || continue
  su postgres -c "pg_restore --clean --if-exists -d shop /var/backups/shop/$f"
  exit 0
done
SH
SCRIPT
chmod +x /lab/runbooks/restore.sh
