"""The incident lab's timings: `labctl up` with its image built (target ~15 s on an idle
machine), how long until the chaos agent's incident pages the on-call, a full `labctl grade`
of the solved lab per task, and the memory the env uses.

Usage: python bench/bench_incident.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import LABCTL, machine, median, timed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def run(argv: list[str]) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def env_memory(env: str) -> float:
    """MiB in use by the env's containers (docker stats)."""
    out = run(["docker", "stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}"])
    total = 0.0
    for line in out.splitlines():
        name, usage = line.split(" ", 1)
        if f"incident-{env}" not in name and f"incident--{env}" not in name:
            continue
        value = usage.split("/")[0].strip()
        factor = {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024}
        unit = next(u for u in factor if value.endswith(u))
        total += float(value[: -len(unit)]) * factor[unit]
    return total


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("LABCTL_HOME", tempfile.mkdtemp(prefix="labctl-bench-"))
    timed([*LABCTL, "images", "build", "incident"])
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[0]
    ups, pages = [], []
    for i in range(args.rounds):
        env = f"bench{i}"
        ups.append(timed([*LABCTL, "up", "incident", "--env", env]))
        started = time.time()
        while time.time() - started < 300:
            pager = run(["docker", "exec", _container(env, "workspace"), "curl", "-fsS", "http://pager:9095/api/incidents"])
            if json.loads(pager):
                pages.append(time.time() - started)
                break
            time.sleep(2)
        memory = env_memory(env)
        if i == 0:
            timed([*LABCTL, "solve", "incident", "--env", env], timeout=900)
            grade_start = time.perf_counter()
            report = json.loads(run([*LABCTL, "grade", "incident", "--env", env, "-f", "json"]))
            grade = time.perf_counter() - grade_start
            score = report.get("score")
        timed([*LABCTL, "down", "incident", "--env", env])
    print(f"machine: {machine()}, load average at start {load}")
    print(f"labctl up incident (image built): median {median(ups):.1f} s of {', '.join(f'{u:.1f}' for u in ups)}")
    if pages:
        print(f"up -> first page: median {median(pages):.0f} s")
    print(f"memory in use right after the page: {memory:.0f} MiB")
    print(f"labctl grade of the solved lab: {grade:.0f} s (score {score})")
    return 0


def _container(env: str, service: str) -> str:
    out = run(["docker", "ps", "--filter", "label=io.labctl.lab=incident", "--format", "{{.Names}}"])
    return next(n for n in out.splitlines() if f"{env}_{service}_" in n or f"{env}-{service}-" in n)


if __name__ == "__main__":
    raise SystemExit(main())
