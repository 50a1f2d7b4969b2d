#!/usr/bin/env bash
# expect: pass
# why: copies the backups to the workstation, checks them there, and restores over the network as the shop role with its password, in one transaction
# params: fault=dependency, link=web-api, dependency=cache, bad_setting=host, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/restore.sh <<'SCRIPT'
#!/bin/bash
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scp -q 'db:/var/backups/shop/*' "$work/"
cd "$work"
export PGPASSWORD=$(cat /opt/lab/keys/db_password)
for f in $(ls -t *.dump); do
  if sha256sum --status -c "$f.sha256" && pg_restore --list "$f" >/dev/null 2>&1; then
    echo "restoring $f over the network"
    pg_restore -h db -U shop -d shop --clean --if-exists --no-owner --single-transaction "$f"
    exit 0
  fi
done
echo "no intact backup" >&2; exit 1
SCRIPT
chmod +x /lab/runbooks/restore.sh
