#!/usr/bin/env bash
# expect: fail
# why: the password stored at secret/inventory/db (another path than the task's), policy and token to match
# feedback: no such secret
set -euo pipefail
export BAO_TOKEN=$LAB_PARAM_BAO_ROOT_TOKEN
bao kv put secret/inventory/db password="$LAB_PARAM_APP_DB_PASSWORD" >/dev/null
printf 'path "secret/data/inventory/db" {\n  capabilities = ["read"]\n}\n' | bao policy write inventory-api - >/dev/null
mkdir -p /workspace/secrets
bao token create -policy=inventory-api -period=24h -field=token > /workspace/secrets/bao_token.txt
chmod 0444 /workspace/secrets/bao_token.txt
