#!/usr/bin/env bash
# expect: pass
# why: urllib in the __main__ block, the token as Compose secret bao_token, BAO_ADDR in the environment
# needs: vault
# include: _lib/service.sh
# include: _lib/bao-app.sh
read_in_main /run/secrets/bao_token
env_del DB_PASSWORD
python3 - <<'PY'
import yaml
doc = yaml.safe_load(open("compose.yaml"))
api = doc["services"]["api"]
api["environment"]["BAO_ADDR"] = "http://openbao:8200"
api["secrets"] = list(dict.fromkeys((api.get("secrets") or []) + ["bao_token"]))
doc.setdefault("secrets", {})["bao_token"] = {"file": "./secrets/bao_token.txt"}
yaml.safe_dump(doc, open("compose.yaml", "w"), sort_keys=False)
PY
up
