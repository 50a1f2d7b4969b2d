#!/usr/bin/env bash
# expect: fail
# why: both probes right, but two replicas ("enough for a lab")
# run_in: host
# include: _lib/env.sh
# feedback: should run 3 replicas
set -euo pipefail
sed -e 's/replicas: 1/replicas: 2/' app.yaml > /tmp/app-$LABCTL_ENV.yaml
cat >> /tmp/app-$LABCTL_ENV.yaml <<'YAML'
          readinessProbe:
            httpGet: {path: /readyz, port: http}
          livenessProbe:
            httpGet: {path: /healthz, port: http}
YAML
kubectl apply -f "/tmp/app-$LABCTL_ENV.yaml"
wait_rollout
