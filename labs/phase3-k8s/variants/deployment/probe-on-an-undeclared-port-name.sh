#!/usr/bin/env bash
# expect: fail
# why: the probes name the port "web", but the container declares it as "http"
# run_in: host
# include: _lib/env.sh
# feedback: uses the port name 'web'
set -euo pipefail
sed -e 's/replicas: 1/replicas: 3/' app.yaml > /tmp/app-$LABCTL_ENV.yaml
cat >> /tmp/app-$LABCTL_ENV.yaml <<'YAML'
          readinessProbe:
            httpGet: {path: /readyz, port: web}
          livenessProbe:
            httpGet: {path: /healthz, port: web}
YAML
kubectl apply -f "/tmp/app-$LABCTL_ENV.yaml" || true
kubectl -n "$NS" rollout status "deployment/$APP" --timeout=20s || true
