# app.py edits for vault-app variants: `read_in_main` adds a function that fetches the
# password from OpenBao and calls it in the __main__ block (TOKEN_FILE: where the token is).
set -euo pipefail
read_in_main() {   # read_in_main TOKEN_FILE
  python3 - "$1" <<'PY'
import sys
token_file = sys.argv[1]
path = "app/app.py"
text = open(path).read()
if "def password_from_openbao" not in text:
    text = text.replace("\n\ndef api_token():", f'''


def password_from_openbao():
    """The database password, read from OpenBao with the service's own token."""
    import urllib.request

    with open("{token_file}") as fh:
        token = fh.read().strip()
    req = urllib.request.Request(os.environ["BAO_ADDR"] + "/v1/secret/data/inventory-api/db",
                                 headers={{"X-Vault-Token": token}})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)["data"]["data"]["password"]


def api_token():''', 1)
    text = text.replace('if __name__ == "__main__":\n', 'if __name__ == "__main__":\n    DB_PASSWORD = password_from_openbao()\n', 1)
    open(path, "w").write(text)
PY
}
