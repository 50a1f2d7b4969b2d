#!/bin/bash
# Reference solution of task `deployment`: 3 replicas with readiness and liveness probes.
# Runs on the host with the env's KUBECONFIG (labctl exports it); idempotent.
set -euo pipefail
export KUBECONFIG="${KUBECONFIG:-$LABCTL_WORKSPACE/../kubeconfig}"
APP="$LAB_PARAM_APP_NAME"
NS="$LAB_PARAM_NAMESPACE"

kubectl apply -f - <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $APP
  namespace: $NS
  labels:
    app: $APP
spec:
  replicas: 3
  selector:
    matchLabels:
      app: $APP
  template:
    metadata:
      labels:
        app: $APP
    spec:
      containers:
        - name: app
          image: labctl/phase3-k8s-app:v1
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            periodSeconds: 2
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 3
            periodSeconds: 10
YAML
kubectl -n "$NS" rollout status "deployment/$APP" --timeout=180s
