#!/usr/bin/env bash
# expect: fail
# why: capped, but at 100m: the size of a blog post's example, not the one asked for
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# params: log_max_size=10m
# feedback: must be capped at 10m
set -euo pipefail
sed -i 's/^        max-size: .*/        max-size: "100m"/' docker-compose.yml
dc up -d >/dev/null 2>&1
wait_web
