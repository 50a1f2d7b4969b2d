#!/usr/bin/env bash
# expect: fail
# why: port and targetPort both 80: the Service forwards to a port nothing listens on
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: its targetPort is 80
set -euo pipefail
kubectl apply -f - <<YAML
apiVersion: v1
kind: Service
metadata: {name: $APP, namespace: $NS}
spec:
  type: NodePort
  selector: {app: $APP}
  ports: [{port: 80, targetPort: 80, nodePort: 30080}]
YAML
