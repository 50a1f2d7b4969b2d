#!/usr/bin/env bash
# expect: pass
# why: its own labels, server-side apply, a tcpSocket readiness probe on a named port and an exec liveness probe
# run_in: host
# include: _lib/env.sh
set -euo pipefail
kubectl apply --server-side -f - <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: $APP, namespace: $NS}
spec:
  replicas: 3
  selector: {matchLabels: {component: shop, instance: $APP}}
  template:
    metadata: {labels: {component: shop, instance: $APP}}
    spec:
      containers:
        - name: shop
          image: $V1
          ports: [{name: web, containerPort: 8080}]
          readinessProbe: {tcpSocket: {port: web}, periodSeconds: 2}
          livenessProbe: {exec: {command: [curl, -fsS, "http://127.0.0.1:8080/healthz"]}, periodSeconds: 10}
YAML
wait_rollout
