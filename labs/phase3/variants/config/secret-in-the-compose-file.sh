#!/usr/bin/env bash
# expect: fail
# why: APP_SECRET written straight into web's environment: block; app.env keeps the rest
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
# feedback: contains the secret itself
set -euo pipefail
sed -i '/^APP_SECRET=/d' app.env
web_add "environment:" "  APP_SECRET: \"$LAB_PARAM_API_TOKEN\""
dc up -d >/dev/null 2>&1
wait_web
