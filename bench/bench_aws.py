"""Terraform labs on the embedded AWS emulator: how long `up` and grading take.

    .venv/bin/python bench/bench_aws.py [--rounds 3] [--labs-path DIR]

Measures, through the real CLI (a `python -m labctl` process per command, as a learner
runs it), on fixture labs:

- `up` of `aws-learner` (apply: false): the env's own moto server started and healthy,
  CLI config written, stack rendered. Then its `down`.
- `up` of `aws-basic`: the same plus `terraform init` + `apply` of an 8-resource scene
  (S3 + versioning + bucket policy, IAM policy, VPC, subnet, security group, EC2).
- grading `aws-basic`'s 6 checks after the reference solution (all pass; one of them runs
  `terraform plan` in the learner's stack), and which checks cost what.
- the emulator alone (start to healthy, in-process) and its memory, idle and holding the scene.

Results go to stdout as Markdown and to bench/results/aws.json. The machine is shared:
the load average at start and end is reported with the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from common import machine  # noqa: E402

CPU: dict[str, list[float]] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli(labs: str, *args: str, key: str = "") -> tuple[float, str]:
    """Run labctl; return wall seconds and stdout. CPU seconds (labctl + terraform + pytest
    worker, not the detached emulator) go to CPU[key]: a measure the machine's load barely moves."""
    cpu, start = _children_cpu(), time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "labctl", "--labs-path", labs, *args],
                          capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if key:
        CPU.setdefault(key, []).append(_children_cpu() - cpu)
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and args[0] != "grade"):
        raise SystemExit(f"labctl {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return took, proc.stdout


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--labs-path", default=str(REPO / "tests" / "fixtures" / "labs"))
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "aws.json"))
    args = parser.parse_args()
    os.environ.setdefault("LABCTL_HOME", tempfile.mkdtemp(prefix="labctl-bench-aws-"))
    labs = args.labs_path

    from labctl.aws import emulator
    from labctl.state import Store

    results: dict[str, Any] = {"machine": machine(), "load_start": load(), "rounds": args.rounds}

    starts = []
    for i in range(args.rounds):
        workdir = Path(os.environ["LABCTL_HOME"]) / "bench-emulator" / str(i)
        t = time.perf_counter()
        info = emulator.start(workdir)
        starts.append(time.perf_counter() - t)
        results["emulator_idle_rss_mib"] = round(rss_mib(info.pid), 1)
        emulator.stop(workdir)
    results["emulator_start_s"] = statistics.median(starts)

    ups, downs = [], []
    for i in range(args.rounds):
        took, _ = cli(labs, "up", "aws-learner", "--env", f"b{i}", key="up_emulator_ready_s")
        ups.append(took)
        took, _ = cli(labs, "down", "aws-learner", "--env", f"b{i}", key="down_emulator_s")
        downs.append(took)
    results["up_emulator_ready_s"] = statistics.median(ups)
    results["down_emulator_s"] = statistics.median(downs)

    took, _ = cli(labs, "up", "aws-basic", "--env", "scene", key="up_scene_8_resources_s")
    results["up_scene_8_resources_s"] = took
    record = Store().get_env("aws-basic", "scene")
    assert record is not None
    took, _ = cli(labs, "solve", "aws-basic", "--env", "scene", key="solve_learner_terraform_s")
    results["solve_learner_terraform_s"] = took
    results["emulator_scene_rss_mib"] = round(rss_mib(int(record.data.aws["pid"])), 1)
    grades, per_check = [], {}
    for _ in range(args.rounds):
        took, out = cli(labs, "grade", "aws-basic", "--env", "scene", "--format", "json", key="grade_6_checks_s")
        grades.append(took)
        report = json.loads(out)
        assert report["score"] == report["max_score"] == 10, report
        for task in report["tasks"]:
            for check in task["checks"]:
                per_check.setdefault(check["name"], []).append(check["duration"])
    results["grade_6_checks_s"] = statistics.median(grades)
    results["grade_checks_s"] = {k: round(statistics.median(v), 2) for k, v in per_check.items()}
    took, _ = cli(labs, "down", "aws-basic", "--env", "scene", key="down_scene_s")
    results["down_scene_s"] = took
    results["load_end"] = load()
    results["cpu_s"] = {k: round(statistics.median(v), 2) for k, v in CPU.items()}

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"Machine: {results['machine']}; load average {results['load_start']} -> {results['load_end']}\n")
    print("| what | runs | wall s (median) | CPU s (median) |\n|---|---|---|---|")
    print(f"| emulator start to healthy (in-process) | {args.rounds} | {results['emulator_start_s']:.1f} | |")
    rows = [
        ("`labctl up aws-learner` (emulator ready, apply: false)", args.rounds, "up_emulator_ready_s"),
        ("`labctl down aws-learner`", args.rounds, "down_emulator_s"),
        ("`labctl up aws-basic` (init + apply of 8 resources)", 1, "up_scene_8_resources_s"),
        ("`labctl solve aws-basic` (learner's init + apply, 2 resources)", 1, "solve_learner_terraform_s"),
        ("`labctl grade aws-basic` (6 checks, all pass)", args.rounds, "grade_6_checks_s"),
        ("`labctl down aws-basic`", 1, "down_scene_s"),
    ]
    for what, n, key in rows:
        print(f"| {what} | {n} | {results[key]:.1f} | {results['cpu_s'][key]:.1f} |")
    print("\nPer check (median s): " + ", ".join(f"{k} {v}" for k, v in results["grade_checks_s"].items()))
    print(f"Emulator RSS: {results['emulator_idle_rss_mib']} MiB idle, "
          f"{results['emulator_scene_rss_mib']} MiB holding the scene")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
