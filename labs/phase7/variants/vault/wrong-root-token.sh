#!/usr/bin/env bash
# expect: fail
# why: the secret and the policy are made, but the app is given the root token ("it works")
# feedback: root
set -euo pipefail
export BAO_TOKEN=$LAB_PARAM_BAO_ROOT_TOKEN
bao kv put secret/inventory-api/db password="$LAB_PARAM_APP_DB_PASSWORD" >/dev/null
printf 'path "secret/data/inventory-api/db" {\n  capabilities = ["read"]\n}\n' | bao policy write inventory-api - >/dev/null
mkdir -p /workspace/secrets
printf '%s\n' "$LAB_PARAM_BAO_ROOT_TOKEN" > /workspace/secrets/bao_token.txt
chmod 0444 /workspace/secrets/bao_token.txt
