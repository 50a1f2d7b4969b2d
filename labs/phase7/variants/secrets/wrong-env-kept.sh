#!/usr/bin/env bash
# expect: fail
# why: the secret is added, but API_TOKEN stays in compose.yaml's environment "as a fallback"
# feedback: environment
# include: _lib/service.sh
mkdir -p secrets
printf '%s\n' "$LAB_PARAM_API_TOKEN" > secrets/api_token.txt
chmod 0444 secrets/api_token.txt
sed -i '/^ENV API_TOKEN=/d' app/Dockerfile
api_set secrets '[api_token]'
top_set secrets '{api_token: {file: ./secrets/api_token.txt}}'
up
