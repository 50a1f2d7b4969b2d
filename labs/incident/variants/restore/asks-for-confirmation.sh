#!/usr/bin/env bash
# expect: fail
# why: the script asks "are you sure?" before restoring; run unattended with no input, it reads nothing and aborts
# feedback: orders
# params: fault=config, link=api-db, dependency=db, bad_setting=host, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/restore.sh <<'SCRIPT'
#!/bin/bash
set -euo pipefail
read -r -p "This drops and restores the shop database. Type yes to go on: " answer
[ "$answer" = yes ] || { echo "aborted"; exit 1; }
ssh db bash -s <<'SH'
cd /var/backups/shop
for f in $(ls -t *.dump); do
  sha256sum --status -c "$f.sha256" || continue
  su postgres -c "pg_restore --clean --if-exists -d shop /var/backups/shop/$f"
  exit 0
done
SH
SCRIPT
chmod +x /lab/runbooks/restore.sh
