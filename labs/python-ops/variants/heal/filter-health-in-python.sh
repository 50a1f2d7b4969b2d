#!/usr/bin/env bash
# expect: pass
# why: lists containers by label only, reads State.Health.Status in Python, restarts them all first, then waits with logging
# run_in: host
set -euo pipefail
cat > heal.py <<'PY'
#!/usr/bin/env python3
import argparse
import logging
import time

import docker

log = logging.getLogger("heal")


def status(c):
    c.reload()
    return c.attrs["State"].get("Health", {}).get("Status") if c.status == "running" else c.status


def main(argv=None):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    p = argparse.ArgumentParser(description="restart unhealthy containers")
    p.add_argument("--label", dest="labels", nargs=1, action="extend", default=[])
    p.add_argument("--timeout", type=float, default=30)
    a = p.parse_args(argv)
    client = docker.from_env()
    mine = client.containers.list(filters={"label": a.labels})
    sick = [c for c in mine if status(c) == "unhealthy"]
    log.info("%d of %d containers unhealthy", len(sick), len(mine))
    for c in sick:
        log.warning("restarting %s", c.name)
        c.restart()
    deadline = time.monotonic() + a.timeout
    results = {}
    for c in sick:
        while True:
            s = status(c)
            if s == "healthy" or s in ("exited", "dead") or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        results[c.name] = s
        if s == "healthy":
            log.info("%s recovered", c.name)
        else:
            log.error("%s did not recover: %s", c.name, s)
    return 0 if all(s == "healthy" for s in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
PY
