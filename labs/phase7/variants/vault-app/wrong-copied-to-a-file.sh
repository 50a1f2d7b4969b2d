#!/usr/bin/env bash
# expect: fail
# why: the password read from OpenBao once, by hand, into a Compose secret file that the app reads: a rotation never reaches it
# feedback: still holds the old one
# needs: vault
# include: _lib/service.sh
mkdir -p secrets
curl -fsS -H "X-Vault-Token: $(cat secrets/bao_token.txt)" "http://127.0.0.1:$LAB_PORT_BAO/v1/secret/data/inventory-api/db" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["data"]["password"], end="")' > secrets/db_password.txt
chmod 0444 secrets/db_password.txt
sed -i 's|^DB_PASSWORD = os.environ.get("DB_PASSWORD", "")|DB_PASSWORD = open("/run/secrets/db_password").read().strip() if os.path.exists("/run/secrets/db_password") else ""|' app/app.py
grep -q "/run/secrets/db_password" app/app.py
env_del DB_PASSWORD
python3 - <<'PY'
import yaml
doc = yaml.safe_load(open("compose.yaml"))
api = doc["services"]["api"]
api["secrets"] = list(dict.fromkeys((api.get("secrets") or []) + ["db_password"]))
doc.setdefault("secrets", {})["db_password"] = {"file": "./secrets/db_password.txt"}
yaml.safe_dump(doc, open("compose.yaml", "w"), sort_keys=False)
PY
up
