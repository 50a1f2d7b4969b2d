#!/usr/bin/env bash
# expect: fail
# why: a generous 512Mi memory limit
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: the budget is at most 256Mi
set -euo pipefail
kubectl -n "$NS" set resources "deployment/$APP" --requests=cpu=50m,memory=64Mi --limits=cpu=250m,memory=512Mi
wait_rollout
