#!/usr/bin/env bash
# expect: pass
# why: the password fetched lazily at the first request and cached, the token file's path in BAO_TOKEN_FILE
# needs: vault
# include: _lib/service.sh
python3 - <<'PY'
path = "app/app.py"
text = open(path).read()
if "_db_password_cache" not in text:
    text = text.replace('''@app.get("/db/fingerprint")
def db_fingerprint():''', '''_db_password_cache = []


def db_password():
    """From OpenBao, once per process (the first time it is needed)."""
    if not _db_password_cache:
        import urllib.request

        addr = os.environ.get("BAO_ADDR")
        if not addr:
            return DB_PASSWORD
        token = open(os.environ["BAO_TOKEN_FILE"]).read().strip()
        req = urllib.request.Request(f"{addr}/v1/secret/data/inventory-api/db", headers={"X-Vault-Token": token})
        with urllib.request.urlopen(req, timeout=10) as resp:
            _db_password_cache.append(json.load(resp)["data"]["data"]["password"])
    return _db_password_cache[0]


@app.get("/db/fingerprint")
def db_fingerprint():''')
    text = text.replace("hashlib.sha256(DB_PASSWORD.encode())", "hashlib.sha256(db_password().encode())")
    open(path, "w").write(text)
PY
env_del DB_PASSWORD
python3 - <<'PY'
import yaml
doc = yaml.safe_load(open("compose.yaml"))
api = doc["services"]["api"]
api["environment"]["BAO_ADDR"] = "http://openbao:8200"
api["environment"]["BAO_TOKEN_FILE"] = "/run/secrets/bao_token"
api["secrets"] = list(dict.fromkeys((api.get("secrets") or []) + ["bao_token"]))
doc.setdefault("secrets", {})["bao_token"] = {"file": "./secrets/bao_token.txt"}
yaml.safe_dump(doc, open("compose.yaml", "w"), sort_keys=False)
PY
up
