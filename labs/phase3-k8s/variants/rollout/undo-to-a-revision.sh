#!/usr/bin/env bash
# expect: pass
# why: reads `kubectl rollout history`, then `rollout undo --to-revision` with v1's revision number
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" patch "deployment/$APP" --type=merge \
  -p '{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}'
wait_rollout
v1_revision=$(kubectl -n "$NS" get deployment "$APP" -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision}')
kubectl -n "$NS" set image "deployment/$APP" app="$V2"
wait_rollout
kubectl -n "$NS" rollout history "deployment/$APP"
kubectl -n "$NS" rollout undo "deployment/$APP" --to-revision="$v1_revision"
wait_rollout
