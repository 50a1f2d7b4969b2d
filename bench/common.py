"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE_LABS = REPO / "tests" / "fixtures" / "labs"
LABCTL = [sys.executable, "-m", "labctl"]


def machine() -> str:
    cpus = os.cpu_count()
    mem = ""
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return (f"{platform.node()} ({platform.machine()}, {cpus} CPU{mem}, "
            f"Python {platform.python_version()}), {date.today()}")


def timed(argv: list[str], **kw: object) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, **kw)  # type: ignore[call-overload]
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)
