"""Grading speed: the same fifteen checks through labctl's default testinfra connection
and through stock testinfra `docker://`, in one run; and the default connection with
workers forked from the grading zygote (how `class grade` and `LabEnv` grade).

    .venv/bin/python bench/bench_grading.py [--rounds 7] [--lab bench15] [--labs-path DIR]

Brings up one env of the `bench15` fixture lab (every check passes on a fresh env),
grades it `--rounds` times per connection (interleaved, after one warm-up each),
and reports wall-clock medians of the whole grading run (context, pytest worker
process, checks), of the checks alone (the sum of per-check durations), and the
CPU time spent on the host (this process, the worker and its children: steadier
than wall time on a shared machine, though it leaves out the engine's side; for the
zygote, its own and its reaped workers' CPU from /proc). Also
checks that every connection produced the same per-check outcomes. Results go to
stdout as a Markdown table and to bench/results/grading.json.

Targets (issue 4): the default at least 3x faster than stock `docker://`, and a
whole grading run of ~15 checks under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ZYGOTE = "labctl-docker+zygote"
CONNECTIONS = ("labctl-docker", "labctl-docker-exec", "docker", ZYGOTE)
LABELS = {
    "labctl-docker": "labctl-docker:// (default: one exec session per container)",
    "labctl-docker-exec": "labctl-docker-exec:// (one API exec per command)",
    "docker": "docker:// (stock testinfra: one `docker exec` CLI per command)",
    ZYGOTE: "labctl-docker://, worker forked from the grading zygote (class grade, LabEnv)",
}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the grading worker and
    whatever it started, e.g. stock testinfra's `docker exec` processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _process_cpu(pid: int) -> float:
    """CPU seconds of a process and of the children it reaped (the zygote and its workers)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--lab", default="bench15")
    parser.add_argument("--labs-path", default=str(REPO / "tests" / "fixtures" / "labs"))
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "grading.json"))
    args = parser.parse_args()

    os.environ.setdefault("LABCTL_HOME", tempfile.mkdtemp(prefix="labctl-bench-"))
    # a SIGTERM unwinds through LabEnv.__exit__, so an interrupted run leaves no env behind
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    from labctl.core.grade import grade, grading_launcher
    from labctl.grading.launchers import SubprocessLauncher
    from labctl.testing import LabEnv

    walls: dict[str, list[float]] = {c: [] for c in CONNECTIONS}
    checks_time: dict[str, list[float]] = {c: [] for c in CONNECTIONS}
    cpu_time: dict[str, list[float]] = {c: [] for c in CONNECTIONS}
    outcomes: dict[str, list[tuple[str, bool]]] = {}
    n_checks = 0
    with LabEnv(args.lab, labs_path=args.labs_path) as lab, grading_launcher(lab.lab) as zygote:
        def run(conn: str) -> Any:
            launcher = zygote if conn == ZYGOTE else SubprocessLauncher()
            return grade(lab.store, lab.lab, lab.env, connection=conn.removesuffix("+zygote"), save=False,
                         launcher=launcher)

        def zygote_cpu() -> float:
            return _process_cpu(zygote._proc.pid) if zygote._proc is not None else 0.0

        for conn in CONNECTIONS:  # warm-up: page cache, image layers, first exec, the zygote
            run(conn)
        for _ in range(args.rounds):
            for conn in CONNECTIONS:
                cpu_before = _cpu() + zygote_cpu()
                started = time.perf_counter()
                report = run(conn)
                walls[conn].append(time.perf_counter() - started)
                cpu_time[conn].append(_cpu() + zygote_cpu() - cpu_before)
                checks = [c for t in report.tasks for c in t.checks]
                n_checks = len(checks)
                checks_time[conn].append(sum(c.duration for c in checks))
                outcomes[conn] = [(c.name, c.passed) for c in checks]
    same = all(o == outcomes[CONNECTIONS[0]] for o in outcomes.values())
    load = os.getloadavg()
    result: dict[str, Any] = {
        "lab": args.lab, "checks": n_checks, "rounds": args.rounds, "same_outcomes": same,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_average": [round(x, 2) for x in load],
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "connections": {
            c: {"wall_median": statistics.median(walls[c]), "wall_min": min(walls[c]),
                "checks_median": statistics.median(checks_time[c]),
                "host_cpu_median": statistics.median(cpu_time[c])}
            for c in CONNECTIONS
        },
    }
    base = result["connections"]["docker"]
    for c in CONNECTIONS:
        row = result["connections"][c]
        row["speedup_wall"] = base["wall_median"] / row["wall_median"]
        row["speedup_checks"] = base["checks_median"] / row["checks_median"]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")

    print(f"{args.lab}: {n_checks} checks, {args.rounds} rounds, load average "
          f"{load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}, same outcomes: {same}\n")
    print("| connection | grading run, median (min) | checks alone, median | host CPU, median | "
          "speed-up (run / checks) |")
    print("|---|---|---|---|---|")
    for c in CONNECTIONS:
        row = result["connections"][c]
        print(f"| {LABELS[c]} | {row['wall_median']:.2f} s ({row['wall_min']:.2f} s) | "
              f"{row['checks_median']:.2f} s | {row['host_cpu_median']:.2f} s | "
              f"{row['speedup_wall']:.1f}x / {row['speedup_checks']:.1f}x |")
    default = result["connections"]["labctl-docker"]
    ok = same and default["speedup_wall"] >= 3 and default["wall_median"] < 1.0
    print(f"\ntargets (>= 3x, < 1 s): {'met' if ok else 'NOT met'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
