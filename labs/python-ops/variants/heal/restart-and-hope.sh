#!/usr/bin/env bash
# expect: fail
# why: restarts the unhealthy containers and reports "restarted", without waiting to see them healthy
# run_in: host
# feedback: should exit 1
set -euo pipefail
cat > heal.py <<'PY'
import argparse

import docker

ap = argparse.ArgumentParser()
ap.add_argument("--label", action="append", default=[])
ap.add_argument("--timeout", type=float, default=30)
args = ap.parse_args()
for c in docker.from_env().containers.list(filters={"health": "unhealthy", "label": args.label}):
    c.restart()
    print(f"{c.name}: restarted")
PY
