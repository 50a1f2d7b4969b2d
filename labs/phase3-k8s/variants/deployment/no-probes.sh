#!/usr/bin/env bash
# expect: fail
# why: three replicas from `kubectl create deployment`, and no probe at all
# run_in: host
# include: _lib/env.sh
# feedback: has no readinessProbe
# feedback: has no livenessProbe
set -euo pipefail
kubectl -n "$NS" create deployment "$APP" --image="$V1" --replicas=3 --port=8080
wait_rollout
