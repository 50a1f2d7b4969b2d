#!/usr/bin/env bash
# expect: fail
# why: no .dockerignore, and the final stage copies the project folder for its docs: app.env lands in a layer
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
# feedback: file /app/project/app.env in a layer
set -euo pipefail
rm -f .dockerignore
df_before_cmd "COPY . /app/project/"
apply
