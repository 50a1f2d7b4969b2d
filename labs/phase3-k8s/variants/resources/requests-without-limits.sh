#!/usr/bin/env bash
# expect: fail
# why: requests for cpu and memory, no limits ("limits get pods killed")
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: has no cpu and no memory limit
set -euo pipefail
kubectl -n "$NS" set resources "deployment/$APP" --requests=cpu=50m,memory=32Mi
wait_rollout
