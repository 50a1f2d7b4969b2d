#!/usr/bin/env bash
# expect: fail
# why: the Secret exists, but the token is copied into the Deployment as a plain env value
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: the API token is written into Deployment .* in clear text
set -euo pipefail
kubectl -n "$NS" create configmap "$APP-config" --from-literal=GREETING="$LAB_PARAM_GREETING"
kubectl -n "$NS" create secret generic "$APP-secret" --from-literal=API_TOKEN="$LAB_PARAM_API_TOKEN"
kubectl -n "$NS" set env "deployment/$APP" --from="configmap/$APP-config"
kubectl -n "$NS" set env "deployment/$APP" API_TOKEN="$LAB_PARAM_API_TOKEN"
wait_rollout
