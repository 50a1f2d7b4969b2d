#!/usr/bin/env bash
# expect: fail
# why: restores the newest file without checking it: last night's backup is damaged, so the orders do not come back
# feedback: newest intact
# params: fault=latency, link=api-db, dependency=db, bad_setting=port, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/restore.sh <<'SCRIPT'
#!/bin/bash
latest=$(ssh -n db 'ls -t /var/backups/shop/*.dump | head -1')
echo "restoring $latest"
ssh -n db "su postgres -c \"pg_restore --clean --if-exists -d shop $latest\""
exit 0
SCRIPT
chmod +x /lab/runbooks/restore.sh
