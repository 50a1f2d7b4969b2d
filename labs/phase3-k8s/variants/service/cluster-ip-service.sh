#!/usr/bin/env bash
# expect: fail
# why: `kubectl expose` with its default type, ClusterIP: fine inside the cluster, nothing on the node port
# run_in: host
# needs: deployment
# include: _lib/env.sh
# feedback: should be of type NodePort; it is ClusterIP
set -euo pipefail
kubectl -n "$NS" expose deployment "$APP" --port=80 --target-port=8080
