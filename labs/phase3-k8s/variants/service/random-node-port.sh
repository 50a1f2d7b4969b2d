#!/usr/bin/env bash
# expect: fail
# why: type NodePort, but the node port left for Kubernetes to pick
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: should use nodePort 30080
set -euo pipefail
kubectl -n "$NS" expose deployment "$APP" --type=NodePort --port=80 --target-port=8080
