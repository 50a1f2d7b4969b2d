#!/usr/bin/env bash
# expect: pass
# why: an entrypoint script fetches the password with curl and exports it to the app's process only (envconsul style); nothing in compose's environment
# needs: vault
# include: _lib/service.sh
cat > app/start.sh <<'SH'
#!/bin/sh
# Fetch the database password from OpenBao, then start the service with it.
set -eu
token=$(cat /run/secrets/openbao_token)
DB_PASSWORD=$(curl -fsS -H "X-Vault-Token: $token" "$BAO_ADDR/v1/secret/data/inventory-api/db" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["data"]["password"])')
export DB_PASSWORD
exec python3 /app/app.py
SH
chmod 0755 app/start.sh
python3 - <<'PY'
text = open("app/Dockerfile").read()
if "start.sh" not in text:
    text = text.replace("COPY app.py settings.yaml /app/\n", "COPY app.py settings.yaml start.sh /app/\n")
    text = text.replace('CMD ["python3", "/app/app.py"]', 'CMD ["/app/start.sh"]')
open("app/Dockerfile", "w").write(text)
PY
grep -q start.sh app/Dockerfile
env_del DB_PASSWORD
python3 - <<'PY'
import yaml
doc = yaml.safe_load(open("compose.yaml"))
api = doc["services"]["api"]
api["environment"]["BAO_ADDR"] = "http://openbao:8200"
api["secrets"] = list(dict.fromkeys((api.get("secrets") or []) + ["openbao_token"]))
doc.setdefault("secrets", {})["openbao_token"] = {"file": "./secrets/bao_token.txt"}
yaml.safe_dump(doc, open("compose.yaml", "w"), sort_keys=False)
PY
up
