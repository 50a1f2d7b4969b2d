#!/usr/bin/env bash
# expect: fail
# why: the ConfigMap exists, but GREETING is set as a literal env value; the token comes from the Secret
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: do not use ConfigMap
set -euo pipefail
kubectl -n "$NS" create configmap "$APP-config" --from-literal=GREETING="$LAB_PARAM_GREETING"
kubectl -n "$NS" create secret generic "$APP-secret" --from-literal=API_TOKEN="$LAB_PARAM_API_TOKEN"
kubectl -n "$NS" set env "deployment/$APP" GREETING="$LAB_PARAM_GREETING"
kubectl -n "$NS" set env "deployment/$APP" --from="secret/$APP-secret"
wait_rollout
