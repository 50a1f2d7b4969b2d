#!/usr/bin/env bash
# expect: pass
# why: the `local` logging driver (compressed, rotated) with the max-size, LOG_FILE=- kept in app.env
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
set -euo pipefail
sed -i 's/^      driver: json-file$/      driver: local/' docker-compose.yml
dc up -d >/dev/null 2>&1
wait_web
