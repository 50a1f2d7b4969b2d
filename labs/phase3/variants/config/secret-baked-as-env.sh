#!/usr/bin/env bash
# expect: fail
# why: the env file is right, but the old `ENV APP_SECRET=...` line stayed in the final stage "as a default"
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# include: _lib/edit.sh
# feedback: the secret is baked into .*image config
set -euo pipefail
df_before_cmd "ENV APP_SECRET=$LAB_PARAM_API_TOKEN"
apply
