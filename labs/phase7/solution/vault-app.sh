#!/bin/bash
# Reference solution of task vault-app (host, cwd = workspace): the service reads its
# database password from OpenBao when it starts, with the token of task vault as a Compose
# secret; DB_PASSWORD leaves compose.yaml's environment.
set -euo pipefail

python3 - <<'PY'
path = "app/app.py"
text = open(path).read()
if "def read_db_password" not in text:
    text = text.replace('''def api_token():''', '''def read_db_password():
    """The database password, from OpenBao (BAO_ADDR) with the token in /run/secrets/bao_token."""
    import urllib.request

    with open(os.environ.get("BAO_TOKEN_FILE", "/run/secrets/bao_token")) as fh:
        token = fh.read().strip()
    url = os.environ["BAO_ADDR"].rstrip("/") + "/v1/secret/data/inventory-api/db"
    req = urllib.request.Request(url, headers={"X-Vault-Token": token})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)["data"]["data"]["password"]


def api_token():''')
    text = text.replace('''if __name__ == "__main__":
''', '''if __name__ == "__main__":
    if os.environ.get("BAO_ADDR"):
        DB_PASSWORD = read_db_password()
''')
    open(path, "w").write(text)

import yaml
path = "compose.yaml"
doc = yaml.safe_load(open(path))
api = doc["services"]["api"]
env = api.get("environment") or {}
if isinstance(env, list):
    env = dict(item.split("=", 1) for item in env)
env.pop("DB_PASSWORD", None)
env["BAO_ADDR"] = "http://openbao:8200"
api["environment"] = env
secrets = api.get("secrets") or []
if "bao_token" not in secrets:
    secrets.append("bao_token")
api["secrets"] = secrets
doc.setdefault("secrets", {})["bao_token"] = {"file": "./secrets/bao_token.txt"}
yaml.safe_dump(doc, open(path, "w"), sort_keys=False)
PY

if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
"${compose[@]}" up -d --build 2>&1 | tail -n 5
# wait until the restarted service answers with the password from OpenBao
want=$(printf %s "$LAB_PARAM_APP_DB_PASSWORD" | sha256sum | cut -c1-16)
for _ in $(seq 60); do
  got=$(curl -fsS "http://127.0.0.1:$LAB_PARAM_API_PORT/db/fingerprint" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["sha256_16"])' 2>/dev/null || true)
  [ "$got" = "$want" ] && exit 0
  sleep 1
done
echo "the service does not hold the password from OpenBao" >&2
exit 1
