#!/usr/bin/env bash
# expect: pass
# why: quantities written as decimals: cpu "0.1"/"0.5", memory "0.0625Gi"/"0.25Gi" (exactly 256Mi)
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" patch "deployment/$APP" --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/0/resources",
  "value":{"requests":{"cpu":"0.1","memory":"0.0625Gi"},"limits":{"cpu":"0.5","memory":"0.25Gi"}}}]'
wait_rollout
