#!/usr/bin/env bash
# expect: pass
# why: the greeting through envFrom, the token as a file: the Secret mounted read-only under /etc/app/secret
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl apply -f - <<YAML
apiVersion: v1
kind: ConfigMap
metadata: {name: $APP-config, namespace: $NS}
data: {GREETING: "$LAB_PARAM_GREETING"}
---
apiVersion: v1
kind: Secret
metadata: {name: $APP-secret, namespace: $NS}
stringData: {API_TOKEN: "$LAB_PARAM_API_TOKEN"}
YAML
kubectl -n "$NS" patch "deployment/$APP" --type=strategic -p "{\"spec\":{\"template\":{\"spec\":{
  \"volumes\":[{\"name\":\"token\",\"secret\":{\"secretName\":\"$APP-secret\"}}],
  \"containers\":[{\"name\":\"app\",\"envFrom\":[{\"configMapRef\":{\"name\":\"$APP-config\"}}],
    \"volumeMounts\":[{\"name\":\"token\",\"mountPath\":\"/etc/app/secret\",\"readOnly\":true}]}]}}}}"
wait_rollout
