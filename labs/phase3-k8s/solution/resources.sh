#!/bin/bash
# Reference solution of task `resources`: requests and limits for cpu and memory.
set -euo pipefail
export KUBECONFIG="${KUBECONFIG:-$LABCTL_WORKSPACE/../kubeconfig}"
APP="$LAB_PARAM_APP_NAME"
NS="$LAB_PARAM_NAMESPACE"

kubectl -n "$NS" set resources "deployment/$APP" --containers=app \
  --requests=cpu=50m,memory=32Mi --limits=cpu=250m,memory=128Mi
kubectl -n "$NS" rollout status "deployment/$APP" --timeout=180s
