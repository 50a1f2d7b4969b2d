#!/usr/bin/env bash
# expect: fail
# why: the policy reads everything under inventory-api/ ("the app's folder"), the admin secret included
# feedback: inventory-api/admin
set -euo pipefail
export BAO_TOKEN=$LAB_PARAM_BAO_ROOT_TOKEN
bao kv put secret/inventory-api/db password="$LAB_PARAM_APP_DB_PASSWORD" >/dev/null
printf 'path "secret/data/inventory-api/*" {\n  capabilities = ["read", "list"]\n}\n' | bao policy write inventory-api - >/dev/null
mkdir -p /workspace/secrets
bao token create -policy=inventory-api -period=24h -field=token > /workspace/secrets/bao_token.txt
chmod 0444 /workspace/secrets/bao_token.txt
