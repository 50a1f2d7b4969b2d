#!/usr/bin/env bash
# expect: pass
# why: the CLI with a policy file, an orphan token without the default policy, a TTL of 30 days
set -euo pipefail
export BAO_TOKEN=$LAB_PARAM_BAO_ROOT_TOKEN
bao kv put -mount=secret inventory-api/db password="$LAB_PARAM_APP_DB_PASSWORD" >/dev/null
cat > /tmp/inventory-api.hcl <<'HCL'
path "secret/data/inventory-api/db" {
  capabilities = ["read"]
}
HCL
bao policy write inventory-api /tmp/inventory-api.hcl >/dev/null
mkdir -p /workspace/secrets
bao token create -orphan -no-default-policy -policy=inventory-api -ttl=720h -field=token > /workspace/secrets/bao_token.txt
chmod 0444 /workspace/secrets/bao_token.txt
