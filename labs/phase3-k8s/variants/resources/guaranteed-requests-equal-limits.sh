#!/usr/bin/env bash
# expect: pass
# why: requests equal to limits (Guaranteed QoS) with kubectl set resources
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" set resources "deployment/$APP" --requests=cpu=100m,memory=64Mi --limits=cpu=100m,memory=64Mi
wait_rollout
