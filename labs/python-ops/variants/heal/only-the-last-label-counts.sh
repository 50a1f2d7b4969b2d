#!/usr/bin/env bash
# expect: fail
# why: --label without action="append": argparse keeps only the last one, so other teams' containers match too
# run_in: host
# feedback: another team
set -euo pipefail
cat > heal.py <<'PY'
import argparse
import sys
import time

import docker

ap = argparse.ArgumentParser()
ap.add_argument("--label")
ap.add_argument("--timeout", type=float, default=30)
args = ap.parse_args()
client = docker.from_env()
failed = 0
for c in client.containers.list(filters={"health": "unhealthy", "label": args.label}):
    c.restart()
    end = time.time() + args.timeout
    while time.time() < end:
        c.reload()
        if c.status != "running" or c.attrs["State"]["Health"]["Status"] == "healthy":
            break
        time.sleep(1)
    ok = c.status == "running" and c.attrs["State"]["Health"]["Status"] == "healthy"
    print(c.name, "recovered" if ok else "not recovered")
    failed += not ok
sys.exit(1 if failed else 0)
PY
