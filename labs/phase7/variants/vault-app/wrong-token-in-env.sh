#!/usr/bin/env bash
# expect: fail
# why: the app's token passed as BAO_TOKEN in compose.yaml's environment instead of a Compose secret
# feedback: in its environment
# needs: vault
# include: _lib/service.sh
python3 - <<'PY'
path = "app/app.py"
text = open(path).read()
text = text.replace('if __name__ == "__main__":\n', '''if __name__ == "__main__":
    import urllib.request

    _req = urllib.request.Request(os.environ["BAO_ADDR"] + "/v1/secret/data/inventory-api/db",
                                  headers={"X-Vault-Token": os.environ["BAO_TOKEN"]})
    with urllib.request.urlopen(_req, timeout=10) as _resp:
        DB_PASSWORD = json.load(_resp)["data"]["data"]["password"]
''', 1)
open(path, "w").write(text)
PY
token=$(cat secrets/bao_token.txt)
env_del DB_PASSWORD
python3 - "$token" <<'PY'
import sys
import yaml
doc = yaml.safe_load(open("compose.yaml"))
api = doc["services"]["api"]
api["environment"]["BAO_ADDR"] = "http://openbao:8200"
api["environment"]["BAO_TOKEN"] = sys.argv[1]
yaml.safe_dump(doc, open("compose.yaml", "w"), sort_keys=False)
PY
up
