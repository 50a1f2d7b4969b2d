#!/usr/bin/env bash
# expect: pass
# why: `mem_limit: 128M` (capital M), `restart: on-failure` on both services
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
set -euo pipefail
sed -i "s/^    mem_limit: .*/    mem_limit: ${LAB_PARAM_MEMORY_MB}M/; s/^    restart: unless-stopped/    restart: on-failure/" docker-compose.yml
dc up -d >/dev/null 2>&1
wait_web
