#!/usr/bin/env bash
# expect: fail
# why: the policy also lets the app update its password ("so it can rotate it itself")
# feedback: update on secret/data/inventory-api/db
set -euo pipefail
export BAO_TOKEN=$LAB_PARAM_BAO_ROOT_TOKEN
bao kv put secret/inventory-api/db password="$LAB_PARAM_APP_DB_PASSWORD" >/dev/null
printf 'path "secret/data/inventory-api/db" {\n  capabilities = ["read", "create", "update"]\n}\n' | bao policy write inventory-api - >/dev/null
mkdir -p /workspace/secrets
bao token create -policy=inventory-api -period=24h -field=token > /workspace/secrets/bao_token.txt
chmod 0444 /workspace/secrets/bao_token.txt
