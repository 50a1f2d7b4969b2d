"""A class on the compose engine versus the same class on a single-node Docker Swarm, in one run.

For each engine, a class of N students (default 30) on one lab (default phase1): provision
(`class up`), the reference solution in a share of the envs (untimed), grade everyone
(`class grade`), the working set per env, tear down (`class down`) and labelled leftovers;
plus the CPU labctl and the class's containers spent. The swarm run uses the machine's own
engine as its only node (images stay local: no registry is needed on one node). If the
engine is not in a swarm, the benchmark makes one (with an address pool clear of labctl's
class pool) and leaves it at the end; a swarm that was already there is left alone.

Target (issue 15): the swarm engine within 1.5x of the compose engine on one node.

Usage: python bench/bench_swarm.py [--lab phase1] [--students 30] [--parallel 6]
                                   [--grade-parallel 6] [--solved 0.5] [--reserve-memory 128m]
                                   [--only compose|swarm]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench_class import containers_cpu, labctl_cpu, machine_cpu, memory
from common import machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

ADDR_POOL = "10.239.0.0/16"


@dataclass
class Run:
    engine: str
    up: float = 0.0
    solve: float = 0.0
    grade: float = 0.0
    down: float = 0.0
    cpu_up: float = 0.0
    cpu_grade: float = 0.0
    machine_grade: float = 0.0
    working_set: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    leftovers: int = 0


def swarm_state() -> dict[str, object]:
    out = subprocess.run(["docker", "info", "--format", "{{json .Swarm}}"], capture_output=True, text=True,
                         check=True).stdout
    return dict(json.loads(out))


def one_class(engine: str, args: argparse.Namespace) -> Run:
    from labctl import docker_engine, paths
    from labctl.classroom.classes import SwarmOptions, create_class
    from labctl.classroom.gradebook import grade_class, gradebook
    from labctl.classroom.provision import class_down, class_up
    from labctl.core.solve import solve
    from labctl.spec.loader import find_lab
    from labctl.state import Store

    lab = find_lab(args.lab, paths.labs_search_path([args.labs_path] if args.labs_path else []))
    store = Store()
    name = f"b{engine[:2]}{os.getpid() % 10000}"
    roster = Path(os.environ["LABCTL_HOME"]) / f"roster-{engine}.csv"
    roster.write_text("id\n" + "".join(f"student{i:03d}\n" for i in range(args.students)))
    swarm = SwarmOptions(reserve_memory=args.reserve_memory) if engine == "swarm" else None
    cls = create_class(store, name, lab, roster, seed="bench", host="127.0.0.1", swarm=swarm).classroom
    client = docker_engine.client()
    run = Run(engine)
    try:
        start, cpu0 = time.perf_counter(), labctl_cpu()
        outcomes = class_up(store, cls, parallel=args.parallel)
        run.up = time.perf_counter() - start
        run.cpu_up = labctl_cpu() - cpu0 + containers_cpu(client, name)
        run.failures += [f"up {o.student}: {o.error}" for o in outcomes if not o.ok]

        solvers = cls.students[:round(args.solved * len(cls.students))]
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.parallel) as pool:
            list(pool.map(lambda s: solve(store, cls.lab, s.env), solvers))
        run.solve = time.perf_counter() - start

        before = containers_cpu(client, name)
        start, cpu0, busy0 = time.perf_counter(), labctl_cpu(), machine_cpu()
        graded = grade_class(store, cls, parallel=args.grade_parallel)
        run.grade = time.perf_counter() - start
        run.machine_grade = machine_cpu() - busy0
        run.cpu_grade = labctl_cpu() - cpu0 + containers_cpu(client, name) - before
        run.failures += [f"grade {o.student}: {o.result} {o.error}" for o in graded if o.result != "graded"]
        run.scores = [r.total for r in gradebook(store, cls).rows if r.total is not None]

        containers = client.containers.list(filters={"label": f"io.labctl.class={name}"})
        with ThreadPoolExecutor(max_workers=8) as pool:
            usage = list(pool.map(memory, containers))
        per_env: dict[str, float] = {}
        for c, (_peak, now) in zip(containers, usage, strict=True):
            per_env[c.labels["io.labctl.env"]] = per_env.get(c.labels["io.labctl.env"], 0.0) + now
        run.working_set = list(per_env.values())
    finally:
        start = time.perf_counter()
        class_down(store, cls, parallel=args.parallel)
        run.down = time.perf_counter() - start
    if engine == "swarm":
        from labctl.backends.swarm import leftovers as swarm_leftovers

        run.leftovers = sum(swarm_leftovers({"io.labctl.class": name}).values())
    else:
        from labctl.backends.compose import leftovers

        run.leftovers = sum(leftovers({"io.labctl.class": name}).values())
    return run


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lab", default="phase1")
    ap.add_argument("--labs-path", type=Path, default=None)
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--parallel", type=int, default=6)
    ap.add_argument("--grade-parallel", type=int, default=6)
    ap.add_argument("--solved", type=float, default=0.5)
    ap.add_argument("--reserve-memory", default=None, help="swarm: memory each container reserves")
    ap.add_argument("--only", choices=("compose", "swarm"), default=None)
    args = ap.parse_args()
    os.environ.setdefault("LABCTL_HOME", tempfile.mkdtemp(prefix="labctl-bench-swarm-"))

    from labctl import images, paths
    from labctl.spec.loader import find_lab

    lab = find_lab(args.lab, paths.labs_search_path([args.labs_path] if args.labs_path else []))
    images.build_lab(lab, lambda _m: None)  # once, outside the timings

    made_swarm = False
    runs: list[Run] = []
    try:
        for engine in ("compose", "swarm"):
            if args.only and engine != args.only:
                continue
            if engine == "swarm" and swarm_state().get("LocalNodeState") != "active":
                subprocess.run(["docker", "swarm", "init", "--advertise-addr", "127.0.0.1", "--default-addr-pool",
                                ADDR_POOL, "--default-addr-pool-mask-length", "24"], check=True, capture_output=True)
                made_swarm = True
            runs.append(one_class(engine, args))
    finally:
        if made_swarm:
            subprocess.run(["docker", "swarm", "leave", "--force"], capture_output=True)
            subprocess.run(["docker", "network", "rm", "docker_gwbridge"], capture_output=True)

    print(f"class of {args.students} on lab {args.lab}, --parallel {args.parallel}, grading --parallel "
          f"{args.grade_parallel}, {args.solved:.0%} solved before grading")
    print(f"{'':24}" + "".join(f"{r.engine:>14}" for r in runs) + ("   swarm/compose" if len(runs) == 2 else ""))

    def row(label: str, values: list[float], unit: str = "s") -> None:
        ratio = f"   {values[1] / values[0]:.2f}x" if len(values) == 2 and values[0] else ""
        print(f"  {label:<22}" + "".join(f"{v:>12.1f} {unit}" for v in values) + ratio)

    row("provision (class up)", [r.up for r in runs])
    row("solve (untimed share)", [r.solve for r in runs])
    row("grade everyone", [r.grade for r in runs])
    row("tear down", [r.down for r in runs])
    row("CPU provision", [r.cpu_up for r in runs], "s")
    row("CPU grade", [r.cpu_grade for r in runs], "s")
    row("machine busy grading", [r.machine_grade for r in runs], "s")
    row("working set per env", [statistics.mean(r.working_set) if r.working_set else 0 for r in runs], "M")
    for r in runs:
        mean = statistics.mean(r.scores) if r.scores else 0
        print(f"  {r.engine}: {len(r.scores)} graded (mean {mean:.1f}), leftovers {r.leftovers}, "
              f"failures {len(r.failures)}")
        for failure in r.failures[:5]:
            print(f"    {failure}")
    load = os.getloadavg()
    print(f"  load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min)")
    print(f"machine: {machine()}")
    return 0 if all(not r.failures and not r.leftovers for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
