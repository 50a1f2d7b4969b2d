#!/usr/bin/env bash
# expect: fail
# why: the user is created, but the USER line was dropped while moving things around: the image runs as root
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# feedback: non-root user
set -euo pipefail
sed -i '/^USER counter$/d' Dockerfile
apply
