"""`labctl up` of shipped labs with their images cached: how long until a learner can start.

For each lab: build its images once (not timed), then N rounds of `labctl up` (timed: wall
time and CPU time of labctl and its children) and `labctl down`, in a labctl home of its
own. Also reports the 1-minute load average before each round: on a shared machine it
explains most of the spread. Target (issue 17): up <= 15 s with images cached.

Usage: python bench/bench_lab_up.py deploy [more labs] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from common import LABCTL, machine, median


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("labs", nargs="+")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    env = dict(os.environ)
    env.setdefault("LABCTL_HOME", tempfile.mkdtemp(prefix="labctl-bench-up-"))
    results = {}
    for lab in args.labs:
        subprocess.run([*LABCTL, "images", "build", lab], check=True, capture_output=True, env=env)
        ups, cpus, loads = [], [], []
        for _ in range(args.runs):
            loads.append(os.getloadavg()[0])
            wall, cpu = run([*LABCTL, "up", lab, "--env", "bench"], env)
            ups.append(wall)
            cpus.append(cpu)
            subprocess.run([*LABCTL, "down", lab, "--env", "bench"], check=True, capture_output=True, env=env)
            time.sleep(1)
        results[lab] = {"up_s": [round(x, 2) for x in ups], "up_median_s": round(median(ups), 2),
                        "cpu_median_s": round(median(cpus), 2), "load1": [round(x, 1) for x in loads]}
        print(f"{lab}: up median {median(ups):.1f} s (min {min(ups):.1f}, max {max(ups):.1f}), "
              f"CPU {median(cpus):.1f} s, load average {min(loads):.0f}..{max(loads):.0f}", file=sys.stderr)
    print(json.dumps({"machine": machine(), "runs": args.runs, "labs": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
