#!/usr/bin/env bash
# expect: fail
# why: the Recreate strategy ("no two versions at once"): every pod stops before a new one starts
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: uses the Recreate strategy
set -euo pipefail
kubectl -n "$NS" patch "deployment/$APP" --type=merge -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'
kubectl -n "$NS" set image "deployment/$APP" app="$V2"
wait_rollout
kubectl -n "$NS" rollout undo "deployment/$APP"
wait_rollout
