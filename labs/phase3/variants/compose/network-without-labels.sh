#!/usr/bin/env bash
# expect: fail
# why: every service labelled, but the backend network declared as `backend: {}`
# run_in: host
# include: _lib/stack.sh
# include: _lib/reference-image.sh
# include: _lib/app-env.sh
# include: _lib/wrong-stack.sh
# feedback: the network \S*backend lack the labels
set -euo pipefail
python3 - <<'PY'
from pathlib import Path

p = Path("docker-compose.yml")
p.write_text(p.read_text().replace("networks:\n  backend:\n    labels: *labctl-labels\n", "networks:\n  backend: {}\n"))
PY
dc up -d
wait_web
