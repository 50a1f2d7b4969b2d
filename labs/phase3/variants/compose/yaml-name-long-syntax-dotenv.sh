#!/usr/bin/env bash
# expect: pass
# why: docker-compose.yaml (the other name), a long-syntax volume, the settings substituted from .env, restart: always
# run_in: host
# include: _lib/stack.sh
# include: _lib/reference-image.sh
set -euo pipefail
cat >> .env <<ENV
COUNTER_KEY=$LAB_PARAM_COUNTER_KEY
APP_SECRET=$LAB_PARAM_API_TOKEN
ENV
rm -f docker-compose.yml
cat > docker-compose.yaml <<YAML
x-labctl-labels: &labctl-labels
  io.labctl.lab: $LABCTL_LAB
  io.labctl.env: "$LABCTL_ENV"
services:
  redis:
    image: $redis_image
    restart: always
    networks: {backend: {}}
    volumes:
      - type: volume
        source: counter-redis
        target: /data
    labels: *labctl-labels
  web:
    image: $image
    build: {context: ., labels: *labctl-labels}
    environment:
      COUNTER_KEY: \${COUNTER_KEY}
      APP_SECRET: \${APP_SECRET}
      LOG_FILE: "-"
    ports: ["127.0.0.1:$LAB_PARAM_APP_PORT:8000"]
    networks: {backend: {}}
    mem_limit: $((LAB_PARAM_MEMORY_MB * 1024 * 1024))
    restart: on-failure
    logging: {driver: json-file, options: {max-size: "$LAB_PARAM_LOG_MAX_SIZE"}}
    labels: *labctl-labels
networks:
  backend: {driver: bridge, labels: *labctl-labels}
volumes:
  counter-redis: {labels: *labctl-labels}
YAML
dc up -d
wait_web
