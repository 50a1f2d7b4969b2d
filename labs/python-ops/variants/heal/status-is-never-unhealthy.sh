#!/usr/bin/env bash
# expect: fail
# why: looks for container.status == "unhealthy", but status is running/exited: health lives in State.Health
# run_in: host
# feedback: did not restart
set -euo pipefail
cat > heal.py <<'PY'
import argparse
import sys
import time

import docker

ap = argparse.ArgumentParser()
ap.add_argument("--label", action="append", default=[])
ap.add_argument("--timeout", type=float, default=30)
args = ap.parse_args()
failed = []
for c in docker.from_env().containers.list(filters={"label": args.label}):
    if c.status != "unhealthy":
        continue
    c.restart()
    time.sleep(args.timeout)
    c.reload()
    if c.status != "running":
        failed.append(c.name)
print("failed:", ", ".join(failed) or "none")
sys.exit(1 if failed else 0)
PY
