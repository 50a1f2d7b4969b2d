#!/usr/bin/env bash
# expect: fail
# why: reads from OpenBao, but DB_PASSWORD is left in compose.yaml's environment
# feedback: environment
# needs: vault
# include: _lib/service.sh
# include: _lib/bao-app.sh
read_in_main /run/secrets/bao_token
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
