#!/usr/bin/env bash
# expect: fail
# why: LOG_FILE pointed at /tmp/counter.log "so the non-root user can write it": still a file in the container
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# feedback: never showed that request
set -euo pipefail
for f in app.env .env config/web.env; do
  [ -f "$f" ] && sed -i 's|^LOG_FILE=.*|LOG_FILE=/tmp/counter.log|' "$f"
done
sed -i 's|^      LOG_FILE: .*|      LOG_FILE: /tmp/counter.log|' docker-compose.yml
dc up -d >/dev/null 2>&1
wait_web
