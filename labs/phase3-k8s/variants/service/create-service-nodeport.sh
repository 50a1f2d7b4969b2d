#!/usr/bin/env bash
# expect: pass
# why: `kubectl create service nodeport NAME --tcp=80:8080 --node-port=30080` (its selector is app=NAME)
# run_in: host
# needs: deployment
# include: _lib/env.sh
set -euo pipefail
kubectl -n "$NS" create service nodeport "$APP" --tcp=80:8080 --node-port=30080
