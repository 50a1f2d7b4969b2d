#!/usr/bin/env bash
# expect: fail
# why: the limit computed as N x 1000 x 1000 bytes (megabytes), not MiB
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# feedback: memory limit must be
set -euo pipefail
sed -i "s/^    mem_limit: .*/    mem_limit: $((LAB_PARAM_MEMORY_MB * 1000 * 1000))/" docker-compose.yml
dc up -d >/dev/null 2>&1
wait_web
