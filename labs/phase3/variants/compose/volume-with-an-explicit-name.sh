#!/usr/bin/env bash
# expect: pass
# why: the volume gets an explicit name: (built from the project name), the network a bridge driver and an alias for redis
# run_in: host
# include: _lib/stack.sh
# include: _lib/reference-image.sh
# include: _lib/app-env.sh
set -euo pipefail
cat > docker-compose.yml <<YAML
x-labctl-labels: &labctl-labels
  io.labctl.lab: $LABCTL_LAB
  io.labctl.env: "$LABCTL_ENV"
services:
  web:
    build: {context: ., labels: *labctl-labels}
    image: $image
    env_file: app.env
    ports: ["127.0.0.1:$LAB_PARAM_APP_PORT:8000"]
    networks: [backend]
    labels: *labctl-labels
  redis:
    image: $redis_image
    networks:
      backend:
        aliases: [cache]
    volumes: ["counter-data:/data"]
    labels: *labctl-labels
networks:
  backend:
    driver: bridge
    labels: *labctl-labels
volumes:
  counter-data:
    name: ${project}-counter-data
    labels: *labctl-labels
YAML
dc up -d
wait_web
