#!/bin/bash
# Make the inventory-api git repo of task git-history: a short history in which
# a database password (SEED_DB_PASSWORD) was committed, spread to a release
# branch and a tag, then "removed" by a later commit (but not from history).
set -euo pipefail
repo="$1"
: "${SEED_DB_PASSWORD:?SEED_DB_PASSWORD must be set}"
owner=$(stat -c %u:%g "$(dirname "$repo")")
tmp="$repo.partial"
rm -rf "$tmp"
mkdir -p "$tmp"
cd "$tmp"
git init -q -b main .
git config user.name "Dana Ops"
git config user.email "dana@inventory.example"
n=0
commit() {  # commit MESSAGE: commit everything with a fixed, increasing date
  n=$((n + 1))
  local when="2024-03-0${n}T10:00:00Z"
  GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when" git -c commit.gpgsign=false commit -q -m "$1"
}

cat > README.md <<'MD'
# inventory-api

Lists the items of the warehouse.
MD
cat > app.py <<'PY'
from flask import Flask

app = Flask(__name__)
PY
git add -A && commit "Initial commit"

cat >> app.py <<'PY'


@app.get("/items")
def items():
    return {"items": []}
PY
git add -A && commit "Add item listing endpoint"

mkdir -p config
cat > config/database.ini <<INI
[database]
host = db.inventory.internal
port = 5432
user = inventory
password = ${SEED_DB_PASSWORD}
INI
cat >> app.py <<'PY'

import configparser

DB = configparser.ConfigParser()
DB.read("config/database.ini")
PY
git add -A && commit "Add database settings"

cat > Dockerfile <<'DF'
FROM debian:bookworm-slim
COPY . /app
CMD ["python3", "/app/app.py"]
DF
git add -A && commit "Add Dockerfile"

git checkout -q -b release/1.x
echo "1.0.0" > VERSION
git add -A && commit "Release 1.0.0"
GIT_COMMITTER_DATE="2024-03-0${n}T11:00:00Z" git tag -a v1.0.0 -m "inventory-api 1.0.0"
git checkout -q main

cat > config/database.ini <<'INI'
[database]
host = db.inventory.internal
port = 5432
user = inventory
# the password comes from the DB_PASSWORD environment variable
INI
cat >> app.py <<'PY'
import os

DB_PASSWORD = os.environ["DB_PASSWORD"]
PY
git add -A && commit "Read the database password from the environment"

cat >> app.py <<'PY'


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
PY
git add -A && commit "Add /healthz endpoint"

cat >> README.md <<'MD'

## Configuration

`DB_PASSWORD` holds the database password; never commit it.
MD
git add -A && commit "Document configuration"

git reflog expire --expire=now --all
chown -R "$owner" "$tmp"
mv "$tmp" "$repo"
