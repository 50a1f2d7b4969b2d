#!/usr/bin/env bash
# expect: fail
# why: no networks: at all: both services on Compose's default network
# run_in: host
# include: _lib/stack.sh
# include: _lib/reference-image.sh
# include: _lib/app-env.sh
# include: _lib/wrong-stack.sh
# feedback: user-defined network called backend
set -euo pipefail
sed -i '/networks: \[backend\]/d; /^networks:/,/^volumes:/{/^volumes:/!d}' docker-compose.yml
dc up -d
wait_web
