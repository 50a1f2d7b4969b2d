#!/bin/bash
# Reference solution, task logs: part of the one production stack that compose.sh writes
# (settings in app.env, mem_limit and restart policies, LOG_FILE=- and a json-file
# max-size); make sure it is there and applied.
set -euo pipefail
grep -q '^LOG_FILE=-' app.env && grep -q "max-size: \"$LAB_PARAM_LOG_MAX_SIZE\"" docker-compose.yml \
  || { echo "run the compose task's solution first" >&2; exit 1; }
if docker compose version >/dev/null 2>&1; then dc=(docker compose); else dc=(docker-compose); fi
"${dc[@]}" up -d
