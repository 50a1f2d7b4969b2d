#!/usr/bin/env bash
# expect: fail
# why: handles links, dependencies and the disk, but meets a failing readiness check by restarting the API, which reloads the same bad release
# feedback: config|readiness
# params: fault=config, link=api-db, dependency=db, bad_setting=host, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/remediate.sh <<'SCRIPT'
#!/bin/bash
for h in web api; do
  ssh -n "$h" 'for t in filter nat; do iptables -t $t -S OUTPUT | grep -E -- "-j (DROP|REDIRECT)" | sed "s/^-A/-D/" |
               while read -r r; do iptables -t $t $r; done; done; pkill -x link-delay; true'
done
ssh -n db 'pg_isready -q || service postgresql start'
ssh -n cache 'redis-cli ping >/dev/null 2>&1 || service redis-server start'
ssh -n api 'pkill -x debug-dump; rm -f /var/lib/shop/debug/*; true'
curl -fsS -m 20 -o /dev/null http://api:8000/readyz || ssh -n api 'service shop-api restart'
exit 0
SCRIPT
chmod +x /lab/runbooks/remediate.sh
