#!/usr/bin/env bash
# expect: fail
# why: the selector app: shop (the app's name in its answers), while the pods are labelled app=NAME
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: matches no pod
set -euo pipefail
kubectl apply -f - <<YAML
apiVersion: v1
kind: Service
metadata: {name: $APP, namespace: $NS}
spec:
  type: NodePort
  selector: {app: shop}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
YAML
