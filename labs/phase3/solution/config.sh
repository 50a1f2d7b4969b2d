#!/bin/bash
# Reference solution, task config: part of the one production stack that compose.sh writes
# (settings in app.env, mem_limit and restart policies, LOG_FILE=- and a json-file
# max-size); make sure it is there and applied.
set -euo pipefail
grep -q '^env_file: app.env' <(sed 's/^ *//' docker-compose.yml) && grep -q "^APP_SECRET=$LAB_PARAM_API_TOKEN" app.env \
  || { echo "run the compose task's solution first" >&2; exit 1; }
if docker compose version >/dev/null 2>&1; then dc=(docker compose); else dc=(docker-compose); fi
"${dc[@]}" up -d
