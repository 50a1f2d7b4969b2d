#!/usr/bin/env bash
# expect: fail
# why: restarts every container with the labels ("a restart never hurts"), healthy ones too, then checks health
# run_in: host
# feedback: healthy
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
bad = []
for c in docker.from_env().containers.list(filters={"label": args.label}):
    c.restart()
    end = time.time() + args.timeout
    state = "?"
    while time.time() < end:
        c.reload()
        state = c.attrs["State"].get("Health", {}).get("Status") if c.status == "running" else c.status
        if state in ("healthy", "exited"):
            break
        time.sleep(1)
    print(c.name, state)
    if state != "healthy":
        bad.append(c.name)
sys.exit(1 if bad else 0)
PY
