#!/usr/bin/env bash
# expect: pass
# why: each unhealthy container restarted and watched in its own thread (concurrent.futures), a table at the end
# run_in: host
set -euo pipefail
cat > heal.py <<'PY'
import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import docker


def heal_one(c, timeout):
    c.restart(timeout=5)
    deadline = time.time() + timeout
    while time.time() < deadline:
        c.reload()
        if c.status != "running":
            return c.name, False, c.status
        health = c.attrs["State"]["Health"]["Status"]
        if health == "healthy":
            return c.name, True, health
        time.sleep(1)
    return c.name, False, health


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=30.0)
    opts = parser.parse_args()
    client = docker.from_env()
    sick = client.containers.list(filters={"label": opts.label, "health": "unhealthy"})
    with ThreadPoolExecutor(max_workers=max(1, len(sick))) as pool:
        outcome = list(pool.map(lambda c: heal_one(c, opts.timeout), sick))
    for name, ok, state in outcome:
        print(f"{name:40} {'recovered' if ok else 'NOT recovered'} ({state})")
    sys.exit(0 if all(ok for _, ok, _ in outcome) else 1)


main()
PY
