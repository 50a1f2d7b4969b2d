#!/usr/bin/env bash
# expect: fail
# why: everything edited right, but re-created with `docker-compose up -d` without --build: the running image is the old one
# feedback: image
# alone: true
# include: _lib/service.sh
up
mkdir -p secrets
printf '%s\n' "$LAB_PARAM_API_TOKEN" > secrets/api_token.txt
chmod 0444 secrets/api_token.txt
sed -i '/^ENV API_TOKEN=/d' app/Dockerfile
env_del API_TOKEN
api_set secrets '[api_token]'
top_set secrets '{api_token: {file: ./secrets/api_token.txt}}'
dc up -d >/dev/null 2>&1
sleep 5
