#!/usr/bin/env bash
# expect: fail
# why: a cpu limit of 2 cores "so it never gets throttled"
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: the budget is at most 1 core
set -euo pipefail
kubectl -n "$NS" set resources "deployment/$APP" --requests=cpu=50m,memory=32Mi --limits=cpu=2,memory=128Mi
wait_rollout
