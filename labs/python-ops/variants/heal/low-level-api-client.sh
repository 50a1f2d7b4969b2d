#!/usr/bin/env bash
# expect: pass
# why: docker.APIClient (the low-level API): containers(filters=...), restart, inspect_container until healthy
# run_in: host
set -euo pipefail
cat > heal.py <<'PY'
import argparse
import sys
import time

import docker


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", action="append", required=True)
    ap.add_argument("--timeout", type=int, default=30)
    args = ap.parse_args()
    api = docker.APIClient(**docker.utils.kwargs_from_env())
    sick = api.containers(filters={"health": "unhealthy", "label": args.label})
    bad = []
    for c in sick:
        name = c["Names"][0].lstrip("/")
        api.restart(c["Id"])
        end = time.time() + args.timeout
        state = "starting"
        while time.time() < end:
            info = api.inspect_container(c["Id"])["State"]
            if not info["Running"]:
                state = info["Status"]
                break
            state = info.get("Health", {}).get("Status", "none")
            if state == "healthy":
                break
            time.sleep(1)
        print(f"{name}\t{'recovered' if state == 'healthy' else 'FAILED: ' + state}")
        if state != "healthy":
            bad.append(name)
    return 1 if bad else 0


sys.exit(main())
PY
