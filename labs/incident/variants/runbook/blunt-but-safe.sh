#!/usr/bin/env bash
# expect: pass
# why: no detection branches: always applies every repair in an idempotent way (delete fault rules, start services, clear the dump, roll back while readyz fails)
# params: fault=dependency, link=api-db, dependency=db, bad_setting=name, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/remediate.sh <<'SCRIPT'
#!/bin/bash
# Blunt remediation: every step is safe to repeat on a healthy shop.
for h in web api; do
  ssh -n "$h" '
    iptables -S OUTPUT | grep -e "-j DROP" | cut -d" " -f2- | while read -r r; do iptables -D $r; done
    iptables -t nat -S OUTPUT | grep -e "-j REDIRECT" | cut -d" " -f2- | while read -r r; do iptables -t nat -D $r; done
    pkill -x link-delay
    exit 0'
done
ssh -n db 'service postgresql status >/dev/null || service postgresql start'
ssh -n cache 'service redis-server status >/dev/null || service redis-server start'
ssh -n api 'pkill -x debug-dump; rm -f /var/lib/shop/debug/*; exit 0'
for i in 1 2 3 4; do
  curl -fsS -m 20 -o /dev/null http://api:8000/readyz && break
  ssh -n api 'shop-config rollback --by blunt-runbook'
done
echo "done"
exit 0
SCRIPT
chmod +x /lab/runbooks/remediate.sh
