#!/usr/bin/env bash
# expect: pass
# why: a Service manifest whose targetPort is the container port's name, http
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl apply -f - <<YAML
apiVersion: v1
kind: Service
metadata: {name: $APP, namespace: $NS}
spec:
  type: NodePort
  selector: {app: $APP}
  ports: [{name: web, port: 80, targetPort: http, nodePort: 30080}]
YAML
