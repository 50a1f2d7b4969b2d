#!/usr/bin/env bash
# expect: fail
# why: `volumes: ["/data"]` on redis: an anonymous volume, gone with the next re-creation
# run_in: host
# include: _lib/stack.sh
# include: _lib/reference-image.sh
# include: _lib/app-env.sh
# include: _lib/wrong-stack.sh
# feedback: must be a named volume .*\(anonymous\)
set -euo pipefail
sed -i 's|"redis-data:/data"|"/data"|; /^volumes:/,$d' docker-compose.yml
dc up -d
wait_web
