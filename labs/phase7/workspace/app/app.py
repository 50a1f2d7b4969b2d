"""inventory-api: lists the items of the warehouse and resolves host names for the ops team."""

import hashlib
import hmac
import json
import os
import subprocess

import yaml
from flask import Flask, abort, jsonify, request
from jinja2 import Environment

app = Flask(__name__)

SETTINGS_FILE = os.environ.get("SETTINGS_FILE", os.path.join(os.path.dirname(__file__), "settings.yaml"))
ADMIN_PASSWORD = "changeme-2019"
# The database password (the database itself is not part of this lab).
DB_PASSWORD = os.environ.get("DB_PASSWORD", "")


def load_settings(path=SETTINGS_FILE):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)


def api_token():
    """The token clients must send: from the secret file if there is one, else from $API_TOKEN."""
    path = os.environ.get("API_TOKEN_FILE", "/run/secrets/api_token")
    if os.path.isfile(path):
        with open(path) as fh:
            return fh.read().strip()
    return os.environ.get("API_TOKEN", "")


def authorized():
    token = api_token()
    sent = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.get("/db/fingerprint")
def db_fingerprint():
    """Which database password this replica holds, without showing it: the first 16 hex
    digits of its SHA-256 (ops compare it with the one they expect after a rotation)."""
    return {"sha256_16": hashlib.sha256(DB_PASSWORD.encode()).hexdigest()[:16]}


@app.get("/items")
def items():
    if not authorized():
        abort(401)
    body = json.dumps(load_settings()["items"], sort_keys=True)
    resp = app.response_class(body, mimetype="application/json")
    resp.headers["ETag"] = hashlib.md5(body.encode()).hexdigest()
    return resp


@app.get("/resolve")
def resolve():
    """The IP addresses of a host name, for the ops dashboard."""
    name = request.args.get("name", "localhost")
    try:
        out = subprocess.check_output(f"getent hosts {name}", shell=True, text=True)
    except subprocess.CalledProcessError:
        abort(404)
    return jsonify(name=name, addresses=sorted({line.split()[0] for line in out.splitlines() if line.strip()}))


REPORT = Environment(autoescape=False).from_string(
    "<h1>{{ title }}</h1><ul>{% for i in items %}<li>{{ i.sku }}: {{ i.name }} ({{ i.stock }})</li>{% endfor %}</ul>"
)


@app.get("/report")
def report():
    """A printable stock report; ?title= names it."""
    title = request.args.get("title", "Stock report")
    return REPORT.render(title=title, items=load_settings()["items"])


@app.post("/admin/reload")
def reload_settings():
    if request.headers.get("X-Admin-Password") != ADMIN_PASSWORD:
        abort(403)
    return {"items": len(load_settings()["items"])}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080, debug=True)
