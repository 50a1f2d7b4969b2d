#!/bin/bash
# Reference solution of task secrets (host, cwd = workspace): the token moves to
# secrets/api_token.txt, mounted as the Compose secret api_token at
# /run/secrets/api_token; the Dockerfile's ENV and compose's environment entry go.
set -euo pipefail

mkdir -p secrets
printf '%s\n' "$LAB_PARAM_API_TOKEN" > secrets/api_token.txt
chmod 0444 secrets/api_token.txt   # compose v1 bind-mounts it as is: the non-root user must read it

python3 - <<'PY'
import re
dockerfile = open("app/Dockerfile").read()
dockerfile = re.sub(r"(?m)^# The token clients send.*\n", "", dockerfile)
dockerfile = re.sub(r"(?m)^ENV API_TOKEN=.*\n", "", dockerfile)
open("app/Dockerfile", "w").write(dockerfile)

compose = open("compose.yaml").read()
compose = re.sub(r"(?m)^      API_TOKEN:.*\n", "", compose)
if not re.search(r"(?m)^    secrets:", compose):
    compose = compose.replace("\n  api:\n", "\n  api:\n    secrets: [api_token]\n", 1)
if not re.search(r"(?m)^secrets:", compose):
    compose = compose.rstrip("\n") + "\n\nsecrets:\n  api_token:\n    file: ./secrets/api_token.txt\n"
open("compose.yaml", "w").write(compose)
PY

if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
"${compose[@]}" up -d --build 2>&1 | tail -n 5
