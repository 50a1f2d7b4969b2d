#!/usr/bin/env bash
# expect: pass
# why: the build stage copies the whole context (COPY . /ctx); the .dockerignore keeps app.env and .env out of it
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
set -euo pipefail
sed -i 's|^COPY app/ ./$|COPY . /ctx\nRUN cp -a /ctx/app/. /src/|' Dockerfile
printf '# never send the settings to the daemon\napp.env\n.env\n*.env\ndocker-compose.yml\n.git\n' > .dockerignore
apply
