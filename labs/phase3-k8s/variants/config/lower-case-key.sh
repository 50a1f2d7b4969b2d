#!/usr/bin/env bash
# expect: fail
# why: the ConfigMap's key is `greeting` (lower case), so the app's GREETING is never set
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: should have the key GREETING
set -euo pipefail
kubectl -n "$NS" create configmap "$APP-config" --from-literal=greeting="$LAB_PARAM_GREETING"
kubectl -n "$NS" create secret generic "$APP-secret" --from-literal=API_TOKEN="$LAB_PARAM_API_TOKEN"
kubectl -n "$NS" set env "deployment/$APP" --from="configmap/$APP-config"
kubectl -n "$NS" set env "deployment/$APP" --from="secret/$APP-secret"
wait_rollout
