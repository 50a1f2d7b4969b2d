#!/usr/bin/env bash
# expect: fail
# why: the memory limit is right, but no restart policy on either service
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# feedback: web has 'no', redis has 'no'
set -euo pipefail
sed -i '/^    restart:/d' docker-compose.yml
dc up -d >/dev/null 2>&1
wait_web
