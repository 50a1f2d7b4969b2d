#!/bin/bash
# Reference solution of task `service`: NodePort 30080 -> port 80 -> the pods' 8080.
set -euo pipefail
export KUBECONFIG="${KUBECONFIG:-$LABCTL_WORKSPACE/../kubeconfig}"
APP="$LAB_PARAM_APP_NAME"
NS="$LAB_PARAM_NAMESPACE"

kubectl apply -f - <<YAML
apiVersion: v1
kind: Service
metadata:
  name: $APP
  namespace: $NS
  labels:
    app: $APP
spec:
  type: NodePort
  selector:
    app: $APP
  ports:
    - name: http
      port: 80
      targetPort: 8080
      nodePort: 30080
YAML
