#!/bin/bash
# Reference solution of task vault (in the toolbox, BAO_ADDR=http://openbao:8200): the
# password in KV v2, a policy that reads exactly that secret, and a periodic token that
# carries only that policy, saved for the service in secrets/bao_token.txt.
set -euo pipefail
export BAO_TOKEN="$LAB_PARAM_BAO_ROOT_TOKEN"
bao kv put secret/inventory-api/db password="$LAB_PARAM_APP_DB_PASSWORD" >/dev/null
bao policy write inventory-api - <<'HCL'
# inventory-api reads its database password, and nothing else.
path "secret/data/inventory-api/db" {
  capabilities = ["read"]
}
HCL
mkdir -p /workspace/secrets
# a token that still works is kept (solutions may run twice)
if ! BAO_TOKEN=$(cat /workspace/secrets/bao_token.txt 2>/dev/null) bao token lookup >/dev/null 2>&1; then
  bao token create -policy=inventory-api -period=24h -display-name=inventory-api -field=token \
    > /workspace/secrets/bao_token.txt
fi
chmod 0444 /workspace/secrets/bao_token.txt
BAO_TOKEN=$(cat /workspace/secrets/bao_token.txt) bao kv get -field=password secret/inventory-api/db >/dev/null
