#!/usr/bin/env bash
# expect: pass
# why: an AppRole whose tokens carry the policy; the app's token comes from an AppRole login
set -euo pipefail
export BAO_TOKEN=$LAB_PARAM_BAO_ROOT_TOKEN
bao kv put secret/inventory-api/db password="$LAB_PARAM_APP_DB_PASSWORD" >/dev/null
printf 'path "secret/data/inventory-api/db" {\n  capabilities = ["read"]\n}\n' | bao policy write inventory-api - >/dev/null
bao auth enable approle >/dev/null 2>&1 || true
bao write auth/approle/role/inventory-api token_policies=inventory-api token_ttl=48h token_max_ttl=96h >/dev/null
role_id=$(bao read -field=role_id auth/approle/role/inventory-api/role-id)
secret_id=$(bao write -f -field=secret_id auth/approle/role/inventory-api/secret-id)
mkdir -p /workspace/secrets
BAO_TOKEN= bao write -field=token auth/approle/login role_id="$role_id" secret_id="$secret_id" > /workspace/secrets/bao_token.txt
chmod 0444 /workspace/secrets/bao_token.txt
