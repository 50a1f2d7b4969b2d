#!/usr/bin/env bash
# expect: pass
# why: one projected volume at /etc/app holding both the ConfigMap and the Secret as files
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" create configmap "$APP-config" --from-literal=GREETING="$LAB_PARAM_GREETING" --dry-run=client -o yaml \
  | kubectl apply -f -
kubectl -n "$NS" create secret generic "$APP-secret" --from-literal=API_TOKEN="$LAB_PARAM_API_TOKEN" \
  --dry-run=client -o yaml | kubectl apply -f -
kubectl -n "$NS" patch "deployment/$APP" --type=strategic -p "{\"spec\":{\"template\":{\"spec\":{
  \"volumes\":[{\"name\":\"settings\",\"projected\":{\"sources\":[
    {\"configMap\":{\"name\":\"$APP-config\"}},{\"secret\":{\"name\":\"$APP-secret\"}}]}}],
  \"containers\":[{\"name\":\"app\",\"volumeMounts\":[{\"name\":\"settings\",\"mountPath\":\"/etc/app\"}]}]}}}}"
wait_rollout
