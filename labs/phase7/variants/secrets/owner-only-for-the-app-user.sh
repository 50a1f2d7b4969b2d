#!/usr/bin/env bash
# expect: pass
# why: the file kept private (0400) and owned by the uid the service runs as (read from the running container)
# include: _lib/service.sh
up
uid=$(docker exec "$(dc ps -q api)" id -u)
mkdir -p secrets
printf '%s\n' "$LAB_PARAM_API_TOKEN" > secrets/api_token.txt
chown "$uid" secrets/api_token.txt
chmod 0400 secrets/api_token.txt
sed -i '/^ENV API_TOKEN=/d' app/Dockerfile
env_del API_TOKEN
api_set secrets '[api_token]'
top_set secrets '{api_token: {file: ./secrets/api_token.txt}}'
up
