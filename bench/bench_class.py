"""Classroom benchmark: provision a class, grade everyone, measure memory per env, tear down.

Measures, for a class of N students (default 30) on one lab (default phase1):
  - time to build the lab's images (once; not part of provisioning)
  - time to provision every env (`class up`), target <= 120 s
  - time to grade every student (`class grade`), target <= 15 s, with half the class
    (`--solved`) having run the lab's reference solution first, so that grading sees
    finished work as well as untouched envs (finished work costs more to check: phase1's
    SSH logins succeed, its git hook runs)
  - peak memory per env (sum over its containers of the cgroup's max usage) and its
    working set after grading
  - time to tear down, and labelled leftovers after it (target 0)
  - CPU seconds spent, which other users of a shared machine do not inflate: labctl's
    own (this process and its children: compose CLI, docker exec, grading workers) and
    the class containers' cgroups (dockerd/containerd are shared, so not counted). Their
    sum over the machine's cores is the wall time an otherwise idle machine would need.
    The whole machine's busy CPU (/proc/stat) is shown too: it adds dockerd, containerd
    and runc, which do the work behind every exec.

Usage: python bench/bench_class.py [--lab phase1] [--labs-path DIR] [--students 30]
                                   [--parallel 6] [--grade-parallel 6] [--solved 0.5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from common import machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

MIB = 1024 * 1024


def memory(container: Any) -> tuple[float, float]:
    """(peak, working set) in MiB of one container (cgroup v1 max_usage; v2 has no peak: usage)."""
    stats = container.stats(stream=False, one_shot=True)
    mem = stats.get("memory_stats") or {}
    usage = float(mem.get("usage", 0))
    inner = mem.get("stats") or {}
    inactive = float(inner.get("total_inactive_file", inner.get("inactive_file", 0)))
    peak = float(mem.get("max_usage", usage))
    return peak / MIB, (usage - inactive) / MIB


def labctl_cpu() -> float:
    """CPU seconds of this process and every child it waited for."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (all processes, all cores), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def containers_cpu(client: Any, class_name: str) -> float:
    """CPU seconds used so far by the class's running containers (their cgroups)."""
    def one(c: Any) -> float:
        stats = c.stats(stream=False, one_shot=True)
        return float(stats["cpu_stats"]["cpu_usage"]["total_usage"]) / 1e9

    found = client.containers.list(filters={"label": f"io.labctl.class={class_name}"})
    with ThreadPoolExecutor(max_workers=8) as pool:
        return sum(pool.map(one, found))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lab", default="phase1")
    ap.add_argument("--labs-path", type=Path, default=None)
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--parallel", type=int, default=6, help="envs provisioned at once")
    ap.add_argument("--grade-parallel", type=int, default=6, help="students graded at once")
    ap.add_argument("--solved", type=float, default=0.5,
                    help="share of the class that runs the reference solution before grading")
    args = ap.parse_args()
    os.environ.setdefault("LABCTL_HOME", tempfile.mkdtemp(prefix="labctl-bench-class-"))

    from labctl import docker_engine, images, paths
    from labctl.backends.compose import leftovers
    from labctl.classroom.classes import create_class
    from labctl.classroom.gradebook import grade_class, gradebook
    from labctl.classroom.provision import class_down, class_up
    from labctl.core.solve import solve
    from labctl.spec.loader import find_lab
    from labctl.state import Store

    search = paths.labs_search_path([args.labs_path] if args.labs_path else [])
    lab = find_lab(args.lab, search)
    store = Store()
    name = f"bench{os.getpid() % 10000}"
    roster = Path(os.environ["LABCTL_HOME"]) / "roster.csv"
    roster.write_text("id,name,email\n" + "".join(
        f"student{i:03d},Student {i},student{i:03d}@example.org\n" for i in range(args.students)))

    start = time.perf_counter()
    images.build_lab(lab, lambda _m: None)
    t_build = time.perf_counter() - start

    cls = create_class(store, name, lab, roster, seed="bench", host="127.0.0.1").classroom
    client = docker_engine.client()
    cores = os.cpu_count() or 1
    ok = True
    try:
        start, cpu0 = time.perf_counter(), labctl_cpu()
        outcomes = class_up(store, cls, parallel=args.parallel)
        t_up = time.perf_counter() - start
        cpu_up_labctl = labctl_cpu() - cpu0
        cpu_up_containers = containers_cpu(client, name)
        failed = [o for o in outcomes if not o.ok]
        for o in failed:
            print(f"  up failed: {o.student}: {o.error}")
        ok &= not failed

        solvers = cls.students[:round(args.solved * len(cls.students))]
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.parallel) as pool:
            list(pool.map(lambda s: solve(store, cls.lab, s.env), solvers))
        t_solve = time.perf_counter() - start

        before = containers_cpu(client, name)
        start, cpu0, busy0 = time.perf_counter(), labctl_cpu(), machine_cpu()
        graded = grade_class(store, cls, parallel=args.grade_parallel)
        t_grade = time.perf_counter() - start
        cpu_grade_machine = machine_cpu() - busy0
        cpu_grade_labctl = labctl_cpu() - cpu0
        cpu_grade_containers = containers_cpu(client, name) - before
        not_graded = [o for o in graded if o.result != "graded"]
        for o in not_graded:
            print(f"  grade {o.result}: {o.student}: {o.error}")
        ok &= not not_graded
        book = gradebook(store, cls)
        scores = [r.total for r in book.rows if r.total is not None]

        containers = client.containers.list(filters={"label": f"io.labctl.class={name}"})
        with ThreadPoolExecutor(max_workers=8) as pool:
            usage = list(pool.map(memory, containers))
        per_env_peak: dict[str, float] = {}
        per_env_now: dict[str, float] = {}
        for c, (peak, now) in zip(containers, usage, strict=True):
            env = c.labels["io.labctl.env"]
            per_env_peak[env] = per_env_peak.get(env, 0.0) + peak
            per_env_now[env] = per_env_now.get(env, 0.0) + now
    finally:
        start = time.perf_counter()
        class_down(store, cls, parallel=args.parallel)
        t_down = time.perf_counter() - start
    left = leftovers({"io.labctl.class": name})
    ok &= sum(left.values()) == 0

    per = len(containers) / max(1, args.students)
    print(f"class of {args.students} on lab {lab.id} ({per:.0f} containers per env), "
          f"--parallel {args.parallel}, grading --parallel {args.grade_parallel}")
    print(f"  build images (once)     {t_build:7.1f} s")
    print(f"  provision (class up)    {t_up:7.1f} s   target <= 120 s  {'ok' if t_up <= 120 else 'MISSED'}")
    print(f"  solve {len(solvers):>2} of them          {t_solve:7.1f} s   (the lab's reference solution; not timed "
          "as grading)")
    print(f"  grade everyone          {t_grade:7.1f} s   target <= 15 s   {'ok' if t_grade <= 15 else 'MISSED'}"
          f"   ({len(scores)} graded, scores {min(scores, default=0):g}..{max(scores, default=0):g}, "
          f"mean {statistics.mean(scores) if scores else 0:.1f})")
    peaks, nows = list(per_env_peak.values()), list(per_env_now.values())
    if peaks:
        print(f"  peak memory per env     {statistics.mean(peaks):7.1f} MiB mean, {max(peaks):.1f} MiB max "
              f"(cgroup max usage, page cache included)")
        print(f"  working set per env     {statistics.mean(nows):7.1f} MiB mean after grading; "
              f"class total {sum(nows) / 1024:.2f} GiB")
    print(f"  tear down (class down)  {t_down:7.1f} s   leftovers {left}")
    for what, mine, theirs in (("provision", cpu_up_labctl, cpu_up_containers),
                               ("grade", cpu_grade_labctl, cpu_grade_containers)):
        total = mine + theirs
        print(f"  CPU for {what:<9}       {total:7.1f} s   (labctl {mine:.1f} s + containers {theirs:.1f} s; "
              f"{total / args.students:.2f} s per student; >= {total / cores:.1f} s wall on {cores} idle cores)")
    print(f"  machine busy grading    {cpu_grade_machine:7.1f} CPU-s (everything: labctl, containers, dockerd, "
          f"containerd, runc)")
    try:
        load = os.getloadavg()
        print(f"  load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min)")
    except OSError:
        pass
    print(f"machine: {machine()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
