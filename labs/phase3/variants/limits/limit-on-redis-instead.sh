#!/usr/bin/env bash
# expect: fail
# why: the memory limit put on the redis service instead of web
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# feedback: memory limit must be .* MiB; it is unlimited
set -euo pipefail
line=$(grep '^    mem_limit:' docker-compose.yml)
sed -i '/^    mem_limit:/d' docker-compose.yml
sed -i "s|^      - redis-data:/data$|      - redis-data:/data\n$line|" docker-compose.yml
dc up -d >/dev/null 2>&1
wait_web
