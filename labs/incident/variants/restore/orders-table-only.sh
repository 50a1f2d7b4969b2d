#!/usr/bin/env bash
# expect: fail
# why: only the orders table was dropped, so it restores just that table (pg_restore -t orders) from the right backup: the rows come back, but not the id sequence and keys, and checkouts fail
# feedback: customers cannot use them
# params: fault=latency, link=web-api, dependency=cache, bad_setting=name, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/restore.sh <<'SCRIPT'
#!/bin/bash
set -euo pipefail
ssh db bash -s <<'SH'
cd /var/backups/shop
for f in $(ls -t *.dump); do
  sha256sum --status -c "$f.sha256" || continue
  su postgres -c "pg_restore -d shop -t orders /var/backups/shop/$f"
  exit 0
done
SH
SCRIPT
chmod +x /lab/runbooks/restore.sh
