#!/usr/bin/env bash
# expect: fail
# why: the token COPY'd into the image for a setup step and deleted by the next RUN: the layer still holds it
# feedback: in one of the image's layers
# include: _lib/service.sh
mkdir -p secrets
printf '%s\n' "$LAB_PARAM_API_TOKEN" > secrets/api_token.txt
chmod 0444 secrets/api_token.txt
printf '%s\n' "$LAB_PARAM_API_TOKEN" > app/seed-token.txt
python3 - <<'PY'
import re
text = open("app/Dockerfile").read()
text = re.sub(r"(?m)^ENV API_TOKEN=.*\n", "", text)
text = text.replace("WORKDIR /app\n", "WORKDIR /app\nCOPY seed-token.txt /etc/inventory/token\nRUN rm /etc/inventory/token\n", 1)
open("app/Dockerfile", "w").write(text)
PY
env_del API_TOKEN
api_set secrets '[api_token]'
top_set secrets '{api_token: {file: ./secrets/api_token.txt}}'
up
