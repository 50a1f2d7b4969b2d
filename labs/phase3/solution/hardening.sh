#!/bin/bash
# Reference solution, task hardening: the image task's Dockerfile already runs as the
# `counter` user with a HEALTHCHECK (see image.sh); make sure it is built.
set -euo pipefail
project=$(sed -n 's/^COMPOSE_PROJECT_NAME=//p' .env)
image="${project%-app}/counter:1.0"
grep -q '^USER counter' Dockerfile && grep -q '^HEALTHCHECK' Dockerfile \
  || { echo "run the image task's solution first" >&2; exit 1; }
docker image inspect "$image" >/dev/null 2>&1 \
  || docker build -q --label "io.labctl.lab=$LABCTL_LAB" --label "io.labctl.env=$LABCTL_ENV" -t "$image" . >/dev/null
