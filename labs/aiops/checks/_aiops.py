"""Helpers shared by aiops' checks: the planted truth, running the learner's scripts in the
workspace container, and Prometheus / Alertmanager through their published ports.

The truth (where the anomalies and incidents are, when each disk fills) is written by the
generator in the prometheus container, readable by root only; the learner's containers never
see it.
"""

from __future__ import annotations

import json
import shlex
import time
from dataclasses import dataclass
from typing import Any

import pytest

DETECT = ("search", "catalog", "cart")
CLASSES = ("overload", "dependency_failure", "bad_deploy", "memory_leak")
_truth: dict[str, Any] = {}


def truth(host: Any) -> dict[str, Any]:
    if "doc" not in _truth:
        r = host("prometheus").run("cat /var/lib/lab/truth.json")
        if r.rc != 0:
            raise AssertionError("the lab's generated history is missing (the prometheus container has no "
                                 "truth file): recreate the env with `labctl reset aiops`")
        _truth["doc"] = json.loads(r.stdout)
    return _truth["doc"]


@dataclass
class Ran:
    rc: int
    stdout: str
    stderr: str

    @property
    def out(self) -> str:
        return (self.stdout + "\n" + self.stderr).strip()


def script(host: Any, name: str, args: str, timeout: int = 120) -> Ran:
    """python3 NAME ARGS in /lab of the workspace container, bounded in time."""
    cmd = f"cd /lab && timeout -k 5 {timeout} python3 {name} {args}"
    r = host("workspace").run(f"bash -c {shlex.quote(cmd)}")
    return Ran(r.rc, r.stdout or "", r.stderr or "")


def need_script(host: Any, name: str) -> None:
    if host("workspace").run(f"test -f /lab/{name}").rc != 0:
        pytest.fail(f"there is no {name} in your workspace (/lab/{name})")


def tail(text: str, n: int = 3) -> str:
    lines = [ln for ln in (text or "").strip().splitlines() if ln.strip()]
    return " | ".join(lines[-n:]) if lines else "(nothing)"


def traceback_in(text: str) -> bool:
    return "Traceback (most recent call last)" in (text or "")


def last_line(text: str) -> str:
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def prom_range(http: Any, query: str, start: float, end: float, step: float) -> list[dict[str, Any]]:
    """Every series of a range query, fetched in chunks (the grader's own reading)."""
    series: dict[tuple, dict[str, Any]] = {}
    t = start
    while t <= end:
        e = min(t + 9999 * step, end)
        body = http.get("prometheus", "/api/v1/query_range",
                        params={"query": query, "start": t, "end": e, "step": step}).json()
        assert body.get("status") == "success", f"Prometheus refused the grader's query {query}: {body}"
        for r in body["data"]["result"]:
            key = tuple(sorted(r["metric"].items()))
            series.setdefault(key, {"metric": r["metric"], "values": []})["values"] += r["values"]
        t = e + step
    return list(series.values())


def wait_ready(http: Any, port: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if http.get(port, "/-/ready").status_code == 200:
                return True
        except Exception:
            pass
        time.sleep(0.5)
    return False
