#!/usr/bin/env bash
# expect: fail
# why: acts only on firing alerts, checked once when it starts: right after a fault no alert has fired yet, so it never does anything
# feedback: still broken
# params: fault=dependency, link=web-api, dependency=cache, bad_setting=host, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/remediate.sh <<'SCRIPT'
#!/bin/bash
firing=$(curl -s http://prometheus:9090/api/v1/alerts | jq -r '.data.alerts[] | select(.state == "firing") | .labels.alertname')
if [ -z "$firing" ]; then echo "no alert firing: nothing to do"; exit 0; fi
echo "firing: $firing"
for h in web api; do
  ssh -n "$h" 'for t in filter nat; do iptables -t $t -S OUTPUT | grep -E -- "-j (DROP|REDIRECT)" | sed "s/^-A/-D/" |
               while read -r r; do iptables -t $t $r; done; done; true'
done
ssh -n db 'pg_isready -q || service postgresql start'
ssh -n cache 'redis-cli ping >/dev/null 2>&1 || service redis-server start'
ssh -n api 'pkill -x debug-dump; rm -f /var/lib/shop/debug/*; true'
exit 0
SCRIPT
chmod +x /lab/runbooks/remediate.sh
