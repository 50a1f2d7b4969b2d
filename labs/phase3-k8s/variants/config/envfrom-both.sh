#!/usr/bin/env bash
# expect: pass
# why: kubectl create configmap/secret --from-literal, then a patch with envFrom (configMapRef and secretRef)
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" create configmap "$APP-config" --from-literal=GREETING="$LAB_PARAM_GREETING"
kubectl -n "$NS" create secret generic "$APP-secret" --from-literal=API_TOKEN="$LAB_PARAM_API_TOKEN"
kubectl -n "$NS" patch "deployment/$APP" --type=strategic -p "{\"spec\":{\"template\":{\"spec\":{\"containers\":[
  {\"name\":\"app\",\"envFrom\":[{\"configMapRef\":{\"name\":\"$APP-config\"}},{\"secretRef\":{\"name\":\"$APP-secret\"}}]}]}}}}"
wait_rollout
