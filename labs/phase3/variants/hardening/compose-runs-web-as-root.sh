#!/usr/bin/env bash
# expect: fail
# why: the image is right, but `user: root` on the web service "to fix a permission error"
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
# feedback: running web container runs as root
set -euo pipefail
web_add "user: root"
dc up -d >/dev/null 2>&1
wait_web
