"""Lifecycle benchmarks for the compose backend.

1. `labctl up` + `down` of a 3-service lab (images built) vs the raw Compose CLI on the same
   rendered file, interleaved in one run, for each Compose CLI on this machine: v2
   (`docker compose`, labctl's default) and v1 (`docker-compose`, deprecated). Also raw v2
   `up -d --wait`, which labctl does not use (see BENCHMARKS.md). Wall time and CPU time
   (user+sys of the command and its children: less sensitive to a loaded machine).
   Target: labctl / raw <= 1.10.
2. N up/down cycles, counting what this labctl home left on the engine. Target 0.

Usage: python bench/bench_updown.py [--cycles 50] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import FIXTURE_LABS, LABCTL, machine, median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def add(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return a[0] + b[0], a[1] + b[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cycles", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    os.environ.setdefault("LABCTL_HOME", tempfile.mkdtemp(prefix="labctl-bench-"))
    from labctl.backends import composecli
    from labctl.backends.compose import leftovers
    from labctl.state import Store

    base = [*LABCTL, "--labs-path", str(FIXTURE_LABS)]
    env = dict(os.environ)
    subprocess.run([*base, "images", "build", "trio"], check=True, capture_output=True)
    clis = [name for name, ok in (("v2", composecli.has_v2()), ("v1", composecli.has_v1())) if ok]

    # A rendered file for the raw runs: the one labctl writes for the same lab.
    subprocess.run([*base, "up", "trio", "--env", "raw-src"], check=True, capture_output=True)
    workdir = Path(os.environ["LABCTL_HOME"]) / "envs" / "trio" / "raw-src"
    raw_file = Path(tempfile.mkdtemp()) / "compose.yaml"
    shutil.copy(workdir / "compose.yaml", raw_file)
    subprocess.run([*base, "down", "trio", "--env", "raw-src"], check=True, capture_output=True)

    results: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.rounds):  # interleaved: every variant sees the same machine load
        for name in clis:
            cli_env = {**env, composecli.COMPOSE_ENV: name}
            cmd = list(composecli.V2 if name == "v2" else composecli.V1)
            raw = [*cmd, "-p", "labctl-bench-raw", "-f", str(raw_file)]
            results.setdefault(f"labctl {name}", []).append(add(
                run([*base, "up", "trio", "--env", "bench"], cli_env),
                run([*base, "down", "trio", "--env", "bench"], cli_env)))
            results.setdefault(f"raw {name}", []).append(add(
                run([*raw, "up", "-d"], cli_env), run([*raw, "down", "--volumes"], cli_env)))
            if name == "v2":
                results.setdefault("raw v2 --wait", []).append(add(
                    run([*raw, "up", "-d", "--wait"], cli_env), run([*raw, "down", "--volumes"], cli_env)))
    summary: dict[str, dict[str, float]] = {}
    for key, values in results.items():
        summary[key] = {"wall": round(median([v[0] for v in values]), 3),
                        "cpu": round(median([v[1] for v in values]), 3)}
    print(f"up+down of a 3-service lab, median of {args.rounds} interleaved rounds (wall s / CPU s):")
    for key, value in summary.items():
        print(f"  {key:<16} {value['wall']:.2f} / {value['cpu']:.2f}")
    ratios = {}
    for name in clis:
        ours, theirs = summary[f"labctl {name}"], summary[f"raw {name}"]
        ratios[name] = (ours["wall"] / theirs["wall"], ours["cpu"] / theirs["cpu"])
        print(f"  labctl on {name} vs raw {name}: {ratios[name][0]:.2f}x wall, {ratios[name][1]:.2f}x CPU "
              "(target <= 1.10)")
    if "v1" in clis and "v2" in clis:
        print(f"  labctl on v2 vs raw v1: {summary['labctl v2']['wall'] / summary['raw v1']['wall']:.2f}x wall")

    for i in range(args.cycles):
        subprocess.run([*base, "up", "trio", "--env", f"cycle{i % 3}"], check=True, capture_output=True)
        subprocess.run([*base, "down", "trio", "--env", f"cycle{i % 3}"], check=True, capture_output=True)
    left = leftovers({"io.labctl.store": Store().store_id, "io.labctl.lab": "trio"})
    total = sum(left.values())
    print(f"{args.cycles} up/down cycles: leftovers {total} ({left}) (target 0)")
    print(f"machine: {machine()}")
    print(json.dumps({"summary": summary, "leftovers": total}))
    ok = total == 0 and all(r[0] <= 1.10 for r in ratios.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
