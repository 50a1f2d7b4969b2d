#!/usr/bin/env bash
# expect: pass
# why: maxUnavailable "0%" with maxSurge 2, and the rollback done by setting the v1 image again (no rollout undo)
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" patch "deployment/$APP" --type=merge \
  -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"0%","maxSurge":2}}}}'
wait_rollout
kubectl -n "$NS" set image "deployment/$APP" app="$V2"
wait_rollout
kubectl -n "$NS" set image "deployment/$APP" app="$V1"
wait_rollout
