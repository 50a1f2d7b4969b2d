#!/usr/bin/env bash
# expect: fail
# why: the stack started fine, then an edit left a tab-indented line in the file: it no longer loads
# run_in: host
# include: _lib/stack.sh
# include: _lib/reference-image.sh
# include: _lib/app-env.sh
# include: _lib/wrong-stack.sh
# feedback: does not load any more
set -euo pipefail
dc up -d
wait_web
printf '    restart:\tunless-stopped\n\tmem_limit: 128m\n' >> docker-compose.yml
