#!/usr/bin/env bash
# expect: pass
# why: the limit quoted with an mb suffix ("128mb"), restart policies written as quoted strings
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
set -euo pipefail
sed -i "s/^    mem_limit: .*/    mem_limit: \"${LAB_PARAM_MEMORY_MB}mb\"/; s/^    restart: unless-stopped/    restart: \"unless-stopped\"/" docker-compose.yml
dc up -d >/dev/null 2>&1
wait_web
