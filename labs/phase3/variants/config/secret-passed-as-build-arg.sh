#!/usr/bin/env bash
# expect: fail
# why: "no secret in the Dockerfile": it arrives as a build argument (from .env) and is kept with ENV APP_SECRET=$APP_SECRET
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
# feedback: the secret is baked into
set -euo pipefail
echo "APP_SECRET=$LAB_PARAM_API_TOKEN" >> .env
df_before_cmd 'ARG APP_SECRET' 'ENV APP_SECRET=$APP_SECRET'
sed -i 's|^      labels: \*labctl-labels$|      labels: *labctl-labels\n      args:\n        APP_SECRET: ${APP_SECRET}|' docker-compose.yml
dc build -q web >/dev/null 2>&1 || dc build web >/dev/null
dc up -d >/dev/null 2>&1
wait_web
