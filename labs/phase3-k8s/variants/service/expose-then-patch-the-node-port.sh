#!/usr/bin/env bash
# expect: pass
# why: `kubectl expose deployment --type=NodePort --port=80 --target-port=8080`, then a JSON patch for the node port
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" expose deployment "$APP" --type=NodePort --port=80 --target-port=8080
kubectl -n "$NS" patch service "$APP" --type=json -p '[{"op":"replace","path":"/spec/ports/0/nodePort","value":30080}]'
