"""`labctl up LAB` with its images cached: the time from the command to a ready env.

Builds the lab's images once (not timed), then runs `up` + `down` N times and reports the
median and minimum of `up` alone, with the machine's load average (the engine is shared,
so a busy machine shows in the numbers). Target: under 15 s for the labs of issue 17.

Usage: python bench/bench_lab_up.py LAB [LAB ...] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from common import LABCTL, machine, median, timed


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("labs", nargs="+")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    os.environ.setdefault("LABCTL_HOME", tempfile.mkdtemp(prefix="labctl-bench-"))
    print(f"machine: {machine()}")
    for lab in args.labs:
        timed([*LABCTL, "images", "build", lab])
        ups: list[float] = []
        for i in range(args.rounds):
            env = f"bench-{i}"
            ups.append(timed([*LABCTL, "up", lab, "--env", env]))
            timed([*LABCTL, "down", lab, "--env", env])
        load = os.getloadavg()
        print(f"labctl up {lab} (images cached), {args.rounds} rounds: median {median(ups):.1f} s, "
              f"min {min(ups):.1f} s, max {max(ups):.1f} s; load average {load[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
