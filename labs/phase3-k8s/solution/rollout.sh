#!/bin/bash
# Reference solution of task `rollout`: maxUnavailable 0, roll out v2, roll back to v1.
set -euo pipefail
export KUBECONFIG="${KUBECONFIG:-$LABCTL_WORKSPACE/../kubeconfig}"
APP="$LAB_PARAM_APP_NAME"
NS="$LAB_PARAM_NAMESPACE"

kubectl -n "$NS" patch "deployment/$APP" --type=merge \
  -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}'
kubectl -n "$NS" rollout status "deployment/$APP" --timeout=180s
kubectl -n "$NS" set image "deployment/$APP" app=labctl/phase3-k8s-app:v2
kubectl -n "$NS" rollout status "deployment/$APP" --timeout=180s
kubectl -n "$NS" rollout undo "deployment/$APP"
kubectl -n "$NS" rollout status "deployment/$APP" --timeout=180s
kubectl -n "$NS" rollout history "deployment/$APP"
