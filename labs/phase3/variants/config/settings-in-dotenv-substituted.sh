#!/usr/bin/env bash
# expect: pass
# why: the settings in .env, substituted into an environment: block of web (${COUNTER_KEY}), app.env dropped
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
set -euo pipefail
cat >> .env <<ENV
COUNTER_KEY=$LAB_PARAM_COUNTER_KEY
APP_SECRET=$LAB_PARAM_API_TOKEN
ENV
python3 - <<'PY'
from pathlib import Path

p = Path("docker-compose.yml")
p.write_text(p.read_text().replace(
    "    env_file: app.env\n",
    "    environment:\n      REDIS_HOST: redis\n      COUNTER_KEY: ${COUNTER_KEY}\n"
    "      APP_SECRET: ${APP_SECRET}\n      LOG_FILE: \"-\"\n"))
PY
rm -f app.env
dc up -d >/dev/null 2>&1
wait_web
