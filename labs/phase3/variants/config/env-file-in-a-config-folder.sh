#!/usr/bin/env bash
# expect: pass
# why: the env file moved to config/web.env, referenced as a list under env_file:
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
set -euo pipefail
mkdir -p config
mv app.env config/web.env
sed -i 's|^    env_file: app.env$|    env_file:\n      - ./config/web.env|' docker-compose.yml
dc up -d >/dev/null 2>&1
wait_web
