#!/bin/bash
# Reference solution, task compose (with config, limits and logs: one production stack).
# web from the learner image, redis from the lab's image, a backend network, a named
# volume, the secret from app.env, a memory limit, restart policies and capped logs.
set -euo pipefail
project=$(sed -n 's/^COMPOSE_PROJECT_NAME=//p' .env)
image="${project%-app}/counter:1.0"
redis_image=$(docker ps -a --filter "label=io.labctl.lab=$LABCTL_LAB" --filter "label=io.labctl.env=$LABCTL_ENV" \
  --filter label=io.labctl.service=toolbox --format '{{.Image}}' | head -1)
[ -n "$redis_image" ] || { echo "the lab's toolbox container (with the redis image) is not there" >&2; exit 1; }

cat > app.env <<ENV
REDIS_HOST=redis
COUNTER_KEY=$LAB_PARAM_COUNTER_KEY
APP_SECRET=$LAB_PARAM_API_TOKEN
LOG_FILE=-
ENV

cat > docker-compose.yml <<YAML
x-labctl-labels: &labctl-labels
  io.labctl.lab: $LABCTL_LAB
  io.labctl.env: "$LABCTL_ENV"

services:
  web:
    build:
      context: .
      labels: *labctl-labels
    image: $image
    env_file: app.env
    ports:
      - "127.0.0.1:$LAB_PARAM_APP_PORT:8000"
    networks: [backend]
    depends_on: [redis]
    mem_limit: ${LAB_PARAM_MEMORY_MB}m
    restart: unless-stopped
    logging:
      driver: json-file
      options:
        max-size: "$LAB_PARAM_LOG_MAX_SIZE"
        max-file: "3"
    labels: *labctl-labels
  redis:
    image: $redis_image
    volumes:
      - redis-data:/data
    networks: [backend]
    restart: unless-stopped
    labels: *labctl-labels

networks:
  backend:
    labels: *labctl-labels

volumes:
  redis-data:
    labels: *labctl-labels
YAML

if docker compose version >/dev/null 2>&1; then dc=(docker compose); else dc=(docker-compose); fi
"${dc[@]}" up -d
# wait until the web container is healthy (its HEALTHCHECK probes Redis through the app)
for _ in $(seq 1 120); do
  cid=$("${dc[@]}" ps -q web)
  [ "$(docker inspect --format '{{.State.Health.Status}}' "$cid" 2>/dev/null)" = healthy ] && exit 0
  sleep 1
done
echo "web did not become healthy" >&2
exit 1
