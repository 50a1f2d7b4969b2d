#!/usr/bin/env bash
# expect: fail
# why: requests and limits for memory only; cpu left out
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: has no cpu request
set -euo pipefail
kubectl -n "$NS" set resources "deployment/$APP" --requests=memory=32Mi --limits=memory=128Mi
wait_rollout
