#!/usr/bin/env bash
# expect: fail
# why: restores the right backup correctly, but first waits a long fixed time "for connections to drain", so the shop is back only after the RTO
# feedback: recovery-time objective|orders
# params: fault=loss, link=web-api, dependency=cache, bad_setting=port, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/restore.sh <<'SCRIPT'
#!/bin/bash
set -euo pipefail
echo "waiting for in-flight requests to drain..."
sleep "$(( ${RTO_SECONDS:-120} + 5 ))"
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
