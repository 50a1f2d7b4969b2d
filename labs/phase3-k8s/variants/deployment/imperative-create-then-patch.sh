#!/usr/bin/env bash
# expect: pass
# why: `kubectl create deployment --replicas=3 --port=8080`, then a JSON patch adding both probes on port 8080
# run_in: host
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" create deployment "$APP" --image="$V1" --replicas=3 --port=8080
kubectl -n "$NS" patch "deployment/$APP" --type=json -p '[
  {"op": "add", "path": "/spec/template/spec/containers/0/readinessProbe",
   "value": {"httpGet": {"path": "/readyz", "port": 8080}, "periodSeconds": 3}},
  {"op": "add", "path": "/spec/template/spec/containers/0/livenessProbe",
   "value": {"httpGet": {"path": "/healthz", "port": 8080}, "initialDelaySeconds": 5}}]'
wait_rollout
