#!/usr/bin/env bash
# expect: pass
# why: the token in secrets/api_token.txt (mode 0444), declared as a top-level file secret, ENV and environment entries deleted
# include: _lib/service.sh
mkdir -p secrets
printf '%s\n' "$LAB_PARAM_API_TOKEN" > secrets/api_token.txt
chmod 0444 secrets/api_token.txt
sed -i '/^ENV API_TOKEN=/d; /^# The token clients send/d' app/Dockerfile
env_del API_TOKEN
api_set secrets '[api_token]'
top_set secrets '{api_token: {file: ./secrets/api_token.txt}}'
up
