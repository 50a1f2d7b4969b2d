"""Scores: per check, per task, overall.

A task's points are shared among its checks in proportion to their weights
(`@pytest.mark.points(n)`, default 1): score = points × passed weight / total
weight. Each hint revealed for the task costs the lab's `hint_penalty`
(floor 0). A task *passes* when every one of its checks passes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from labctl.errors import NotFoundError

ROUND = 2


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: str = ""
    duration: float = 0.0
    weight: float = 1.0
    file: str = ""
    #: passed | failed | error | timeout | skipped | not run
    outcome: str = ""


@dataclass
class TaskResult:
    id: str
    title: str
    score: float
    max_score: float
    passed: bool
    hints_used: int = 0
    hint_penalty: float = 0.0
    solved_by_solution: bool = False
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def feedback(self) -> list[str]:
        """What the learner reads: one line per failed check."""
        return [c.message or f"{c.name} failed" for c in self.checks if not c.passed]


@dataclass
class GradeReport:
    lab: str
    env: str
    score: float
    max_score: float
    percent: float
    tasks: list[TaskResult]
    graded_at: str = ""
    duration: float = 0.0

    @property
    def passed(self) -> bool:
        return all(t.passed for t in self.tasks)

    def task(self, task_id: str) -> TaskResult:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise NotFoundError(
            f"the report of lab {self.lab} has no task '{task_id}'; its tasks: "
            f"{', '.join(t.id for t in self.tasks)}."
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GradeReport:
        tasks = [
            TaskResult(**{**t, "checks": [CheckResult(**c) for c in t.get("checks", [])]})
            for t in data.get("tasks", [])
        ]
        return cls(**{**data, "tasks": tasks})


def _round(value: float) -> float:
    return round(value + 0.0, ROUND)


def score_task(
    task_id: str,
    title: str,
    points: float,
    checks: Sequence[CheckResult],
    *,
    hints_used: int = 0,
    penalty_per_hint: float = 0.0,
    solved_by_solution: bool = False,
) -> TaskResult:
    total = sum(c.weight for c in checks)
    earned = sum(c.weight for c in checks if c.passed)
    raw = points * earned / total if total > 0 else 0.0
    if total == 0 and checks and all(c.passed for c in checks):
        raw = points  # only zero-weight checks, all passing
    penalty = min(raw, hints_used * penalty_per_hint)
    return TaskResult(
        id=task_id, title=title, score=_round(max(0.0, raw - penalty)), max_score=_round(points),
        passed=bool(checks) and all(c.passed for c in checks), hints_used=hints_used,
        hint_penalty=_round(penalty), solved_by_solution=solved_by_solution, checks=list(checks),
    )


def percent(score: float, max_score: float) -> float:
    return round(100.0 * score / max_score, 1) if max_score > 0 else 0.0


def build_report(
    lab: str,
    env: str,
    tasks: Iterable[TaskResult],
    *,
    duration: float = 0.0,
    graded_at: float | None = None,
) -> GradeReport:
    task_list = list(tasks)
    score = _round(sum(t.score for t in task_list))
    max_score = _round(sum(t.max_score for t in task_list))
    when = datetime.fromtimestamp(graded_at if graded_at is not None else time.time(), UTC)
    return GradeReport(
        lab=lab, env=env, score=score, max_score=max_score, percent=percent(score, max_score),
        tasks=task_list, graded_at=when.isoformat(timespec="seconds"), duration=round(duration, 3),
    )
