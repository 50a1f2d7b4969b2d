#!/usr/bin/env bash
# expect: fail
# why: the strategy is right, then "v2 is broken anyway", so it was never rolled out
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: has no revision running labctl/phase3-k8s-app:v2
set -euo pipefail
kubectl -n "$NS" patch "deployment/$APP" --type=merge \
  -p '{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}'
wait_rollout
