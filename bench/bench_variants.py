"""How long a lab's proof takes: `labctl test LAB --variants` (round 0 and every variant).

    .venv/bin/python bench/bench_variants.py [--labs phase1 phase2 phase3] [--parallel 3] [--repeat 1]

Runs the command once per lab in a throwaway LABCTL_HOME and reports, per lab: wall time,
variants, envs (rounds), the slowest round, the machine's load average before and after
(the machine is shared: under load, times stretch), and whether the proof passed. Results go
to stdout as a Markdown table and to bench/results/variants.json.

Target (issue 19): a compose lab's whole `--variants` run takes a couple of minutes on this
2-core machine when it is not shared (<= 180 s for phase1).
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
from typing import Any

from common import LABCTL, REPO, machine

TARGETS = {"phase1": 180.0}


def run_lab(lab: str, parallel: int, repeat: int, home: Path) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run([*LABCTL, "test", lab, "--variants", "--format", "json", "--parallel", str(parallel),
                           "--repeat", str(repeat)], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "LABCTL_HOME": str(home)}, check=False)
    wall = time.perf_counter() - started
    try:
        report = json.loads(done.stdout)["labs"][0]
    except (ValueError, KeyError, IndexError):
        return {"lab": lab, "wall": round(wall, 1), "ok": False, "error": done.stderr[-500:]}
    rounds = report["rounds"]
    return {
        "lab": lab, "wall": round(wall, 1), "ok": report["ok"], "variants": len(report["variants"]),
        "envs": len(rounds), "slowest_round": round(max((r["duration"] for r in rounds), default=0.0), 1),
        "surprises": len(report["surprises"]), "flaky": len(report["flaky"]),
        "load_before": round(load_before, 1), "load_after": round(os.getloadavg()[0], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--labs", nargs="+", default=["phase1"])
    parser.add_argument("--parallel", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="labctl-bench-variants-") as home:
        for lab in args.labs:
            rows.append(run_lab(lab, args.parallel, args.repeat, Path(home)))
    print(f"{machine()}; --parallel {args.parallel}, --repeat {args.repeat}\n")
    print("| lab | wall s | variants | envs | slowest env s | surprises | flaky | load before/after | ok |")
    print("|---|---|---|---|---|---|---|---|---|")
    missed = []
    for r in rows:
        print(f"| {r['lab']} | {r['wall']} | {r.get('variants', '-')} | {r.get('envs', '-')} | "
              f"{r.get('slowest_round', '-')} | {r.get('surprises', '-')} | {r.get('flaky', '-')} | "
              f"{r.get('load_before', '-')}/{r.get('load_after', '-')} | {r['ok']} |")
        target = TARGETS.get(r["lab"])
        if not r["ok"] or (target is not None and args.repeat == 1 and r["wall"] > target):
            missed.append(r["lab"])
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "variants.json").write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2) + "\n")
    if missed:
        print(f"missed the target or failed: {', '.join(missed)} (targets: {TARGETS})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
