#!/usr/bin/env bash
# expect: fail
# why: the policy names secret/inventory-api/db (the KV v1 path), so on KV v2 the token can read nothing
# feedback: cannot read
set -euo pipefail
export BAO_TOKEN=$LAB_PARAM_BAO_ROOT_TOKEN
bao kv put secret/inventory-api/db password="$LAB_PARAM_APP_DB_PASSWORD" >/dev/null
printf 'path "secret/inventory-api/db" {\n  capabilities = ["read"]\n}\n' | bao policy write inventory-api - >/dev/null
mkdir -p /workspace/secrets
bao token create -policy=inventory-api -period=24h -field=token > /workspace/secrets/bao_token.txt
chmod 0444 /workspace/secrets/bao_token.txt
