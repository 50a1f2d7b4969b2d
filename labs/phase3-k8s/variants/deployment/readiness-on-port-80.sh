#!/usr/bin/env bash
# expect: fail
# why: the readiness probe checks port 80 (the Service's port), not the container's 8080: no pod ever gets ready
# run_in: host
# include: _lib/env.sh
# feedback: checks port 80, but the app listens on 8080
set -euo pipefail
sed -e 's/replicas: 1/replicas: 3/' app.yaml > /tmp/app-$LABCTL_ENV.yaml
cat >> /tmp/app-$LABCTL_ENV.yaml <<'YAML'
          readinessProbe:
            httpGet: {path: /readyz, port: 80}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            initialDelaySeconds: 5
YAML
kubectl apply -f "/tmp/app-$LABCTL_ENV.yaml"
kubectl -n "$NS" rollout status "deployment/$APP" --timeout=20s || true
