#!/usr/bin/env bash
# expect: fail
# why: limit and policies set on the running containers with `docker update`; the compose file says nothing
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# feedback: in your compose file
# alone: true
set -euo pipefail
sed -i '/^    mem_limit:/d; /^    restart:/d' docker-compose.yml
dc up -d >/dev/null 2>&1
wait_web
docker update --memory "${LAB_PARAM_MEMORY_MB}m" --memory-swap "$((LAB_PARAM_MEMORY_MB * 2))m" --restart unless-stopped "$(dc ps -q web)" >/dev/null
docker update --restart unless-stopped "$(dc ps -q redis)" >/dev/null
