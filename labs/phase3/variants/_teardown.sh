#!/usr/bin/env bash
# After each round of `labctl test phase3 --variants`: remove the learner's Compose project and
# image, whatever labels a (wrong) variant gave them; labctl's `down` removes the rest.
set -uo pipefail
project=$(sed -n 's/^COMPOSE_PROJECT_NAME=//p' .env 2>/dev/null)
[ -n "$project" ] || exit 0
filter="label=com.docker.compose.project=$project"
docker ps -aq --filter "$filter" | xargs -r docker rm -f >/dev/null
docker network ls -q --filter "$filter" | xargs -r docker network rm >/dev/null
docker volume ls -q --filter "$filter" | xargs -r docker volume rm -f >/dev/null
docker image rm -f "${project%-app}/counter:1.0" >/dev/null 2>&1
exit 0
