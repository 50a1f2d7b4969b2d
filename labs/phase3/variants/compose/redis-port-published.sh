#!/usr/bin/env bash
# expect: fail
# why: redis also publishes 6379 on the host "to debug it with redis-cli"
# run_in: host
# include: _lib/stack.sh
# include: _lib/reference-image.sh
# include: _lib/app-env.sh
# include: _lib/wrong-stack.sh
# feedback: publishes 6379/tcp on the host
set -euo pipefail
sed -i 's|    volumes: \["redis-data:/data"\]|    volumes: ["redis-data:/data"]\n    ports: ["127.0.0.1::6379"]|' docker-compose.yml
dc up -d
wait_web
