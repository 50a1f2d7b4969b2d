#!/usr/bin/env bash
# expect: fail
# why: the runbook restarts every service on every machine whatever the symptom: the wrong services for a slow link, a full disk or a bad release
# feedback: not healthy
# params: fault=latency, link=web-api, dependency=cache, bad_setting=name, rto_seconds=120
set -euo pipefail
mkdir -p /lab/runbooks
cat > /lab/runbooks/remediate.sh <<'SCRIPT'
#!/bin/bash
ssh -n web 'service nginx restart'
ssh -n db 'service postgresql restart || service postgresql start'
ssh -n cache 'service redis-server restart'
ssh -n api 'service shop-api restart'
sleep 2
exit 0
SCRIPT
chmod +x /lab/runbooks/remediate.sh
