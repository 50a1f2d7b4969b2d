#!/usr/bin/env bash
# expect: fail
# why: handles every class, but frees the disk by deleting the dump file while its writer keeps it open, so the space never comes back
# feedback: disk
# params: fault=loss, link=web-api, dependency=cache, bad_setting=port, rto_seconds=120
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
ssh -n api 'find /var/lib/shop -type f -size +1M ! -path "*/journal/*" -print -delete'
for _ in 1 2 3; do
  curl -fsS -m 20 -o /dev/null http://api:8000/readyz && break
  ssh -n api 'pg_isready -q -h db && shop-config rollback'
done
exit 0
SCRIPT
chmod +x /lab/runbooks/remediate.sh
