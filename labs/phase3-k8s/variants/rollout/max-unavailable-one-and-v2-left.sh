#!/usr/bin/env bash
# expect: fail
# why: maxUnavailable 1 ("one of three is fine"), v2 rolled out and left running
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: allows maxUnavailable 1 during a rollout
# feedback: still runs labctl/phase3-k8s-app:v2
set -euo pipefail
kubectl -n "$NS" patch "deployment/$APP" --type=merge \
  -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":1}}}}'
kubectl -n "$NS" set image "deployment/$APP" app="$V2"
wait_rollout
