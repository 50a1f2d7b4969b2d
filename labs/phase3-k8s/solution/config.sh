#!/bin/bash
# Reference solution of task `config`: a ConfigMap and a Secret, used as environment variables.
set -euo pipefail
export KUBECONFIG="${KUBECONFIG:-$LABCTL_WORKSPACE/../kubeconfig}"
APP="$LAB_PARAM_APP_NAME"
NS="$LAB_PARAM_NAMESPACE"

kubectl apply -f - <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: $APP-config
  namespace: $NS
data:
  GREETING: "$LAB_PARAM_GREETING"
---
apiVersion: v1
kind: Secret
metadata:
  name: $APP-secret
  namespace: $NS
type: Opaque
stringData:
  API_TOKEN: "$LAB_PARAM_API_TOKEN"
YAML
# env entries with configMapKeyRef / secretKeyRef, one per key
kubectl -n "$NS" set env "deployment/$APP" --containers=app --from="configmap/$APP-config"
kubectl -n "$NS" set env "deployment/$APP" --containers=app --from="secret/$APP-secret"
kubectl -n "$NS" rollout status "deployment/$APP" --timeout=180s
