#!/usr/bin/env bash
# expect: pass
# why: limits only: Kubernetes copies them into the requests
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" patch "deployment/$APP" --type=strategic -p \
  '{"spec":{"template":{"spec":{"containers":[{"name":"app","resources":{"limits":{"cpu":"300m","memory":"96Mi"}}}]}}}}'
wait_rollout
