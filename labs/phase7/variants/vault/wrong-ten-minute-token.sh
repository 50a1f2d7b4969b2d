#!/usr/bin/env bash
# expect: fail
# why: a token that lives 10 minutes (`-ttl=10m`): the service loses its password at a later restart
# feedback: minutes
set -euo pipefail
export BAO_TOKEN=$LAB_PARAM_BAO_ROOT_TOKEN
bao kv put secret/inventory-api/db password="$LAB_PARAM_APP_DB_PASSWORD" >/dev/null
printf 'path "secret/data/inventory-api/db" {\n  capabilities = ["read"]\n}\n' | bao policy write inventory-api - >/dev/null
mkdir -p /workspace/secrets
bao token create -policy=inventory-api -ttl=10m -field=token > /workspace/secrets/bao_token.txt
chmod 0444 /workspace/secrets/bao_token.txt
