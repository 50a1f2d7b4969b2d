#!/usr/bin/env bash
# expect: pass
# why: the file kept private (0400) but owned by the service's uid, and the service run as that uid
# alone: true
# include: _lib/service.sh
mkdir -p secrets
printf '%s\n' "$LAB_PARAM_API_TOKEN" > secrets/api_token.txt
chown 10001:10001 secrets/api_token.txt
chmod 0400 secrets/api_token.txt
sed -i '/^ENV API_TOKEN=/d' app/Dockerfile
env_del API_TOKEN
api_set user '"10001:10001"'
api_set secrets '[api_token]'
top_set secrets '{api_token: {file: ./secrets/api_token.txt}}'
up
