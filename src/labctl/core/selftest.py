"""`labctl test`: prove a lab. A fresh env must fail every task; the solution must score full marks.

The sequence is plain data (Molecule's habit): up, grade (expect 0 on every
task), solve, grade (expect full marks), down. Each lab gets its own env
name, so a learner's env of the same lab is never touched.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from labctl.core import lifecycle
from labctl.core.environment import EnvOptions
from labctl.core.grade import grade
from labctl.core.solve import solve
from labctl.core.tools import missing_tools
from labctl.env.context import Progress, no_progress
from labctl.errors import LabctlError
from labctl.grading.scoring import GradeReport
from labctl.spec.loader import Lab
from labctl.state import Store

SEQUENCE = ("up", "grade-fresh", "solve", "grade-solved", "down")

PASSED = "passed"
FAILED = "failed"
ERROR = "error"
UNAVAILABLE = "unavailable"


@dataclass
class SelfTestResult:
    lab: str
    status: str
    env: str = ""
    max_score: float = 0.0
    fresh_score: float | None = None
    solved_score: float | None = None
    problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    duration: float = 0.0
    kept: bool = False

    @property
    def ok(self) -> bool:
        return self.status in (PASSED, UNAVAILABLE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lab": self.lab, "status": self.status, "env": self.env, "max_score": self.max_score,
            "fresh_score": self.fresh_score, "solved_score": self.solved_score,
            "problems": self.problems, "missing": self.missing, "duration": round(self.duration, 2),
            "kept": self.kept,
        }


def _fmt(value: float) -> str:
    return f"{value:g}"


def fresh_problems(report: GradeReport) -> list[str]:
    """What is wrong with the grade of an untouched env: every task must fail."""
    problems = []
    for task in report.tasks:
        passing = [c.name for c in task.checks if c.passed]
        if task.score > 0 or task.passed:
            problems.append(
                f"task {task.id} scores {_fmt(task.score)}/{_fmt(task.max_score)} on a fresh env "
                f"(it should fail); checks already passing: {', '.join(passing) or 'none'}"
            )
    return problems


def solved_problems(report: GradeReport) -> list[str]:
    """What is wrong with the grade of an env after the reference solutions: every task must be full."""
    return [
        f"task {task.id} scores {_fmt(task.score)}/{_fmt(task.max_score)} after its "
        f"solution (it should get full marks): {'; '.join(task.feedback) or 'no feedback'}"
        for task in report.tasks if task.score < task.max_score or not task.passed
    ]


def self_test(
    store: Store,
    lab: Lab,
    *,
    keep: bool = False,
    progress: Progress = no_progress,
    env: str | None = None,
) -> SelfTestResult:
    started = time.monotonic()
    result = SelfTestResult(lab=lab.id, status=PASSED, max_score=float(lab.spec.max_score))
    missing = missing_tools(lab.spec)
    if missing:
        result.status, result.missing = UNAVAILABLE, missing
        result.problems.append(f"this machine lacks {', '.join(missing)}")
        return result
    env = env or f"selftest-{secrets.token_hex(3)}"
    result.env = env
    step = "up"
    try:
        progress(f"{lab.id}: up (env {env})")
        lifecycle.up(store, lab, env, EnvOptions(), progress)
        step = "grade-fresh"
        progress(f"{lab.id}: grading the fresh env")
        fresh = grade(store, lab, env, save=False)
        result.fresh_score = fresh.score
        result.problems += fresh_problems(fresh)
        step = "solve"
        progress(f"{lab.id}: running the reference solutions")
        for solved in solve(store, lab, env, progress=progress):
            if not solved.ran:
                result.problems.append(f"task {solved.task} has no reference solution")
        step = "grade-solved"
        progress(f"{lab.id}: grading the solved env")
        final = grade(store, lab, env, save=False)
        result.solved_score = final.score
        result.problems += solved_problems(final)
        if result.problems:
            result.status = FAILED
    except LabctlError as exc:
        result.status = ERROR
        result.problems.append(f"{step}: {exc.message}" + (f" {exc.details.strip()}" if exc.details else ""))
    finally:
        if keep:
            result.kept = True
        else:
            progress(f"{lab.id}: down")
            try:
                lifecycle.down(store, lab, env, progress)
            except LabctlError as exc:
                result.status = ERROR
                result.problems.append(f"down: {exc.message}")
        result.duration = time.monotonic() - started
    return result
