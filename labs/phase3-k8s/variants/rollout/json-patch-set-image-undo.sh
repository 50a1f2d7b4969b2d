#!/usr/bin/env bash
# expect: pass
# why: the strategy set with a JSON patch (maxSurge 1), set image to v2, /checkout tried, rollout undo
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" patch "deployment/$APP" --type=json -p '[{"op":"replace","path":"/spec/strategy",
  "value":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}]'
wait_rollout
kubectl -n "$NS" set image "deployment/$APP" app="$V2"
wait_rollout
curl -s "http://127.0.0.1:$LAB_PORT_WEB/checkout" || true
kubectl -n "$NS" rollout undo "deployment/$APP"
wait_rollout
