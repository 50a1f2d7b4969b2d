#!/usr/bin/env bash
# expect: fail
# why: the secret file made private (0600, owned by root) while the service runs as a non-root user, who cannot read it
# feedback: permissions|401|token
# alone: true
# include: _lib/service.sh
mkdir -p secrets
printf '%s\n' "$LAB_PARAM_API_TOKEN" > secrets/api_token.txt
chown 0:0 secrets/api_token.txt
chmod 0600 secrets/api_token.txt
sed -i '/^ENV API_TOKEN=/d' app/Dockerfile
env_del API_TOKEN
api_set user '"10001:10001"'
api_set secrets '[api_token]'
top_set secrets '{api_token: {file: ./secrets/api_token.txt}}'
up
