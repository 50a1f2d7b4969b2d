#!/usr/bin/env bash
# expect: pass
# why: a file named compose.yaml, the host port as ${APP_PORT} from .env, depends_on with a condition-less list, redis last
# run_in: host
# include: _lib/stack.sh
# include: _lib/reference-image.sh
# include: _lib/app-env.sh
set -euo pipefail
echo "APP_PORT=$LAB_PARAM_APP_PORT" >> .env
rm -f docker-compose.yml
cat > compose.yaml <<YAML
x-labctl-labels: &labctl-labels
  io.labctl.lab: $LABCTL_LAB
  io.labctl.env: "$LABCTL_ENV"

services:
  web:
    build:
      context: .
      labels: *labctl-labels
    image: $image
    env_file: [app.env]
    ports: ["127.0.0.1:\${APP_PORT}:8000"]
    depends_on: [redis]
    networks: [backend]
    labels: *labctl-labels
  redis:
    image: $redis_image
    networks: [backend]
    volumes: ["redis_data:/data"]
    labels: *labctl-labels

networks:
  backend:
    labels: *labctl-labels
volumes:
  redis_data:
    labels: *labctl-labels
YAML
dc up -d
wait_web
