#!/usr/bin/env bash
# expect: pass
# why: a secret named inventory_token, and API_TOKEN_FILE in the environment pointing the app at it
# include: _lib/service.sh
mkdir -p secrets
printf '%s' "$LAB_PARAM_API_TOKEN" > secrets/inventory_token
chmod 0444 secrets/inventory_token
python3 - <<'PY'
import re
text = open("app/Dockerfile").read()
text = re.sub(r"(?m)^ENV API_TOKEN=.*\n", "", text)
open("app/Dockerfile", "w").write(text)
PY
env_del API_TOKEN
python3 - <<'PY'
import yaml
doc = yaml.safe_load(open("compose.yaml"))
api = doc["services"]["api"]
api.setdefault("environment", {})["API_TOKEN_FILE"] = "/run/secrets/inventory_token"
api["secrets"] = list(dict.fromkeys((api.get("secrets") or []) + ["inventory_token"]))
doc.setdefault("secrets", {})["inventory_token"] = {"file": "./secrets/inventory_token"}
yaml.safe_dump(doc, open("compose.yaml", "w"), sort_keys=False)
PY
up
