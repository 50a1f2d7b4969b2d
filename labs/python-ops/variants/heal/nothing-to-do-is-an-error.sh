#!/usr/bin/env bash
# expect: fail
# why: heals correctly, but treats "no unhealthy container found" as an error and exits 1
# run_in: host
# feedback: nothing unhealthy, heal.py should exit 0
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
sick = docker.from_env().containers.list(filters={"label": args.label, "health": "unhealthy"})
if not sick:
    sys.exit("error: no unhealthy containers match the labels")
bad = 0
for c in sick:
    c.restart()
    end = time.time() + args.timeout
    while time.time() < end:
        c.reload()
        if c.status != "running" or c.attrs["State"]["Health"]["Status"] == "healthy":
            break
        time.sleep(0.5)
    ok = c.status == "running" and c.attrs["State"]["Health"]["Status"] == "healthy"
    print(c.name, "recovered" if ok else "still broken")
    bad += not ok
sys.exit(1 if bad else 0)
PY
