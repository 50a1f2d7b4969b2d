#!/usr/bin/env bash
# expect: pass
# why: edits the starter app.yaml (replicas 3, probes on the named port http) and applies it
# run_in: host
# include: _lib/env.sh
set -euo pipefail
python3 - <<'PY'
from pathlib import Path

p = Path("app.yaml")
t = p.read_text().replace("replicas: 1", "replicas: 3")
t = t.rstrip("\n") + """
          readinessProbe:
            httpGet: {path: /readyz, port: http}
            periodSeconds: 2
          livenessProbe:
            httpGet: {path: /healthz, port: http}
            initialDelaySeconds: 5
"""
p.write_text(t)
PY
kubectl apply -f app.yaml
wait_rollout
