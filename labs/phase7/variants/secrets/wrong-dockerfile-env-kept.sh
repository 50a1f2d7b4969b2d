#!/usr/bin/env bash
# expect: fail
# why: the secret and compose's environment done, the Dockerfile's ENV line forgotten: the image still carries the token
# feedback: image
# include: _lib/service.sh
mkdir -p secrets
printf '%s\n' "$LAB_PARAM_API_TOKEN" > secrets/api_token.txt
chmod 0444 secrets/api_token.txt
env_del API_TOKEN
api_set secrets '[api_token]'
top_set secrets '{api_token: {file: ./secrets/api_token.txt}}'
up
