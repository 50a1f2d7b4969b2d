"""Lifecycle benchmarks for the compose backend.

1. `labctl up` + `down` of a 3-service lab (images built) vs the raw compose CLI on the
   same rendered file, interleaved in one run. Target ratio <= 1.15.
2. N up/down cycles, counting labelled leftovers (containers, networks, volumes). Target 0.

Usage: python bench/bench_updown.py [--cycles 50] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from common import FIXTURE_LABS, LABCTL, machine, median, timed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cycles", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    os.environ.setdefault("LABCTL_HOME", tempfile.mkdtemp(prefix="labctl-bench-"))
    from labctl.backends.compose import compose_command, leftovers

    base = [*LABCTL, "--labs-path", str(FIXTURE_LABS)]
    timed([*base, "images", "build", "trio"])

    # A rendered file for the raw run: the one labctl writes for the same env.
    timed([*base, "up", "trio", "--env", "raw-src"])
    workdir = Path(os.environ["LABCTL_HOME"]) / "envs" / "trio" / "raw-src"
    raw_file = Path(tempfile.mkdtemp()) / "compose.yaml"
    shutil.copy(workdir / "compose.yaml", raw_file)
    timed([*base, "down", "trio", "--env", "raw-src"])
    raw = [*compose_command(), "-p", "labctl-bench-raw", "-f", str(raw_file)]

    ours, theirs = [], []
    for _ in range(args.rounds):
        ours.append(timed([*base, "up", "trio", "--env", "bench"]) + timed([*base, "down", "trio", "--env", "bench"]))
        theirs.append(timed([*raw, "up", "-d"]) + timed([*raw, "down", "--volumes"]))
    ratio = median(ours) / median(theirs)
    print(f"up+down of a 3-service lab: labctl median {median(ours):.2f} s, raw {' '.join(compose_command())} "
          f"median {median(theirs):.2f} s, ratio {ratio:.2f} over {args.rounds} rounds (target <= 1.15)")

    for i in range(args.cycles):
        timed([*base, "up", "trio", "--env", f"cycle{i % 3}"])
        timed([*base, "down", "trio", "--env", f"cycle{i % 3}"])
    left = leftovers({"io.labctl.lab": "trio"})
    total = sum(left.values())
    print(f"{args.cycles} up/down cycles: leftovers {total} ({left}) (target 0)")
    print(f"machine: {machine()}")
    return 0 if total == 0 and ratio <= 1.15 else 1


if __name__ == "__main__":
    sys.exit(main())
