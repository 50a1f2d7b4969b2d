#!/usr/bin/env bash
# expect: fail
# why: zero unavailable and v2 rolled out, but never rolled back after /checkout broke
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: still runs labctl/phase3-k8s-app:v2: roll it back
set -euo pipefail
kubectl -n "$NS" patch "deployment/$APP" --type=merge \
  -p '{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}'
wait_rollout
kubectl -n "$NS" set image "deployment/$APP" app="$V2"
wait_rollout
