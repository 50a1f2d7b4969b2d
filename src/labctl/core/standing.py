"""Where a learner stands now: each task's latest result, across every grading run.

`labctl grade --task T` (and a page's per-task Check) stores a run holding only
that task, so the last run alone does not say where a learner stands. Walking
the history newest first, each task takes its result from the latest run that
graded it; the total is their sum. The gradebook, the class view and the
learner's page all read this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from labctl.core.access import hint_text
from labctl.spec.loader import Lab
from labctl.state import GradeRecord, Store

#: how many past runs are read (a task not graded in this many runs counts as never graded)
HISTORY = 200


@dataclass
class TaskStanding:
    id: str
    title: str
    points: float
    #: None: never graded
    score: float | None = None
    passed: bool | None = None
    graded_at: float | None = None
    #: what the learner reads: the failed checks' messages of the latest result, each once
    feedback: list[str] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    hints_used: int = 0
    hints_total: int = 0
    #: the revealed hints' texts, rendered with the env's parameters
    hints: list[str] = field(default_factory=list)
    #: points this task loses to the hints revealed so far
    hint_penalty: float = 0.0
    solved_by_solution: bool = False

    @property
    def state(self) -> str:
        """passed | failed | untried."""
        if self.passed is None:
            return "untried"
        return "passed" if self.passed else "failed"


@dataclass
class Standing:
    lab: str
    env: str
    max_score: float
    tasks: list[TaskStanding]
    #: id and time of the latest run; number of runs read
    last_grade_id: int | None = None
    last_graded: float | None = None
    runs: int = 0
    #: when a task last went from not passed to passed (None: never)
    last_progress: float | None = None
    last_hint: float | None = None

    @property
    def score(self) -> float:
        return round(sum(t.score or 0.0 for t in self.tasks), 2)

    @property
    def percent(self) -> float:
        return round(100.0 * self.score / self.max_score, 1) if self.max_score else 0.0

    @property
    def passed(self) -> int:
        return len([t for t in self.tasks if t.passed])

    @property
    def graded(self) -> bool:
        return self.last_graded is not None

    def task(self, task_id: str) -> TaskStanding | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lab": self.lab, "env": self.env, "score": self.score, "max_score": self.max_score,
            "percent": self.percent, "passed": self.passed, "runs": self.runs,
            "last_grade_id": self.last_grade_id, "last_graded": self.last_graded,
            "last_progress": self.last_progress, "last_hint": self.last_hint,
            "tasks": [
                {"id": t.id, "title": t.title, "points": t.points, "score": t.score, "passed": t.passed,
                 "state": t.state, "graded_at": t.graded_at, "feedback": t.feedback, "checks": t.checks,
                 "hints_used": t.hints_used, "hints_total": t.hints_total, "hints": t.hints,
                 "hint_penalty": t.hint_penalty, "solved_by_solution": t.solved_by_solution}
                for t in self.tasks
            ],
        }


def feedback_lines(task_result: dict[str, Any]) -> list[str]:
    """The failed checks' messages of one task result, each said once (as `labctl grade` does)."""
    lines: list[str] = []
    for check in task_result.get("checks", []):
        if check.get("passed"):
            continue
        line = str(check.get("message") or f"{check.get('name', 'a check')} failed")
        if line not in lines:
            lines.append(line)
    return lines


def merge_history(lab: Lab, env: str, runs: list[GradeRecord]) -> Standing:
    """The standing from grading runs (any order): each task's latest result."""
    spec = lab.spec
    tasks = [TaskStanding(t.id, t.title, float(t.points), hints_total=len(t.hints)) for t in spec.tasks]
    by_id = {t.id: t for t in tasks}
    ordered = sorted(runs, key=lambda g: (g.graded_at, g.id))
    standing = Standing(lab.id, env, float(spec.max_score), tasks, runs=len(runs))
    for run in ordered:
        for result in run.report.get("tasks", []):
            task = by_id.get(str(result.get("id")))
            if task is None:
                continue
            passed = bool(result.get("passed"))
            if passed and not task.passed:
                standing.last_progress = run.graded_at
            task.score, task.passed, task.graded_at = float(result.get("score", 0.0)), passed, run.graded_at
            task.feedback = feedback_lines(result)
            task.checks = [{"name": c.get("name"), "passed": bool(c.get("passed")), "message": c.get("message", "")}
                           for c in result.get("checks", [])]
            task.solved_by_solution = bool(result.get("solved_by_solution"))
            task.hints_used = int(result.get("hints_used", 0))
    if ordered:
        standing.last_grade_id, standing.last_graded = ordered[-1].id, ordered[-1].graded_at
    return standing


def standing(store: Store, lab: Lab, env: str, *, hint_texts: bool = True) -> Standing:
    """Where the env's learner stands: latest result per task, hints revealed (their texts too,
    unless `hint_texts` is off: the class view needs only the counts)."""
    result = merge_history(lab, env, store.grades(lab.id, env, limit=HISTORY))
    used = store.hints_used(lab.id, env)
    penalty = lab.spec.hint_penalty
    for task, spec_task in zip(result.tasks, lab.spec.tasks, strict=True):
        task.hints_used = max(task.hints_used, min(used.get(task.id, 0), len(spec_task.hints)))
        task.hint_penalty = min(task.points, task.hints_used * penalty)
        if hint_texts:
            task.hints = [hint_text(store, lab, env, task.id, i) for i in range(task.hints_used)]
    result.last_hint = store.last_hint_at(lab.id, env)
    return result
