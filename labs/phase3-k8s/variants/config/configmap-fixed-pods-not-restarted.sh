#!/usr/bin/env bash
# expect: fail
# why: a typo in the greeting fixed afterwards with `kubectl apply` on the ConfigMap; the pods, started with the typo, never restarted
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: serves the greeting '.*-typo'
set -euo pipefail
kubectl -n "$NS" create configmap "$APP-config" --from-literal=GREETING="$LAB_PARAM_GREETING-typo"
kubectl -n "$NS" create secret generic "$APP-secret" --from-literal=API_TOKEN="$LAB_PARAM_API_TOKEN"
kubectl -n "$NS" set env "deployment/$APP" --from="configmap/$APP-config"
kubectl -n "$NS" set env "deployment/$APP" --from="secret/$APP-secret"
wait_rollout
kubectl -n "$NS" create configmap "$APP-config" --from-literal=GREETING="$LAB_PARAM_GREETING" --dry-run=client -o yaml \
  | kubectl apply -f -
