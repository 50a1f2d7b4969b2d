#!/bin/bash
# Reference solution (runs on the host, in the env's workspace): the Docker SDK finds the
# unhealthy containers carrying every label, restarts them and waits for their health.
set -euo pipefail
cat > heal.py <<'PY'
#!/usr/bin/env python3
"""heal.py: restart the unhealthy containers that carry every given label.

    python3 heal.py --label KEY=VALUE [--label KEY=VALUE ...] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import sys
import time

import docker


def health(container) -> str:
    container.reload()
    if container.status != "running":
        return container.status
    return ((container.attrs.get("State") or {}).get("Health") or {}).get("Status", "none")


def heal(client, labels: list[str], timeout: float) -> int:
    sick = client.containers.list(filters={"health": "unhealthy", "label": labels})
    if not sick:
        print("nothing unhealthy")
        return 0
    for c in sick:
        print(f"{c.name}: unhealthy, restarting")
        c.restart(timeout=10)
    pending = {c.name: c for c in sick}
    states = {}
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for name, c in list(pending.items()):
            states[name] = health(c)
            if states[name] in ("healthy", "exited", "dead"):
                del pending[name]
        time.sleep(0.5)
    failed = 0
    for c in sick:
        state = states.get(c.name) or health(c)
        if state == "healthy":
            print(f"{c.name}: recovered")
        else:
            failed += 1
            print(f"{c.name}: NOT recovered (still {state})")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", action="append", default=[], metavar="KEY=VALUE",
                        help="only containers with this label (repeatable; all must match)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for health")
    args = parser.parse_args()
    try:
        client = docker.from_env()
        return heal(client, args.label, args.timeout)
    except docker.errors.DockerException as exc:
        print(f"heal.py: cannot talk to Docker: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
PY
chmod +x heal.py
