# A compose file like the reference one; variants change it with sed before `up`.
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
    networks: [backend]
    volumes: ["redis-data:/data"]
    labels: *labctl-labels
networks:
  backend:
    labels: *labctl-labels
volumes:
  redis-data:
    labels: *labctl-labels
YAML
