#!/usr/bin/env bash
# expect: fail
# why: "clears the firewall" with iptables -F on both tables of web and api, which also deletes Docker's DNS rules: the API can no longer resolve db or cache
# feedback: name resolution
# params: fault=disk, link=api-cache, dependency=cache, bad_setting=name, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/remediate.sh <<'SCRIPT'
#!/bin/bash
for h in web api; do ssh -n "$h" 'iptables -F; iptables -t nat -F; pkill -x link-delay; true'; done
ssh -n db 'pg_isready -q || service postgresql start'
ssh -n cache 'redis-cli ping >/dev/null 2>&1 || service redis-server start'
ssh -n api 'pkill -x debug-dump; rm -f /var/lib/shop/debug/*; true'
for _ in 1 2 3; do curl -fsS -m 20 -o /dev/null http://api:8000/readyz && break; ssh -n api 'shop-config rollback'; done
exit 0
SCRIPT
chmod +x /lab/runbooks/remediate.sh
