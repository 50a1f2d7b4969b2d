#!/usr/bin/env bash
# expect: fail
# why: the service is given the root token as its secret ("the app's token had no permission")
# feedback: root
# needs: vault
# include: _lib/service.sh
# include: _lib/bao-app.sh
mkdir -p secrets
printf '%s\n' "$LAB_PARAM_BAO_ROOT_TOKEN" > secrets/admin_token.txt
chmod 0444 secrets/admin_token.txt
read_in_main /run/secrets/bao_token
env_del DB_PASSWORD
python3 - <<'PY'
import yaml
doc = yaml.safe_load(open("compose.yaml"))
api = doc["services"]["api"]
api["environment"]["BAO_ADDR"] = "http://openbao:8200"
api["secrets"] = list(dict.fromkeys((api.get("secrets") or []) + ["bao_token"]))
doc.setdefault("secrets", {})["bao_token"] = {"file": "./secrets/admin_token.txt"}
yaml.safe_dump(doc, open("compose.yaml", "w"), sort_keys=False)
PY
up
