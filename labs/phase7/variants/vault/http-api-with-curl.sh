#!/usr/bin/env bash
# expect: pass
# why: OpenBao's HTTP API with curl only: the secret, the policy and a periodic token
set -euo pipefail
h="X-Vault-Token: $LAB_PARAM_BAO_ROOT_TOKEN"
curl -fsS -H "$h" -X POST "$BAO_ADDR/v1/secret/data/inventory-api/db" \
  -d "{\"data\": {\"password\": \"$LAB_PARAM_APP_DB_PASSWORD\"}}" >/dev/null
curl -fsS -H "$h" -X PUT "$BAO_ADDR/v1/sys/policies/acl/inventory-api" \
  -d '{"policy": "path \"secret/data/inventory-api/db\" {\n  capabilities = [\"read\"]\n}\n"}'
mkdir -p /workspace/secrets
curl -fsS -H "$h" -X POST "$BAO_ADDR/v1/auth/token/create" \
  -d '{"policies": ["inventory-api"], "period": "24h", "display_name": "inventory-api"}' \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["auth"]["client_token"])' > /workspace/secrets/bao_token.txt
chmod 0444 /workspace/secrets/bao_token.txt
