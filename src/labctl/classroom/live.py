"""The live class view's rows: per student, each task's state, score, hints, activity, stuck.

A row is built from the state store alone (the standing of the student's env,
their hints) plus two things the caller passes in: the env's state (from
`class_status`, one Docker query for the whole class, which a live view does
not repeat on every change) and when the student last did something the
store does not record (typed in their terminal, pressed Check: only the web
front end knows). Grades alone are not activity: `class grade` makes them too.

"Stuck": the student is working (some activity in the last `stuck_after`
seconds) but no task went from not passed to passed for that long. "Idle":
no activity at all for that long. Neither applies once every task passes.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from labctl.classroom.classes import Classroom
from labctl.core.standing import standing
from labctl.state import Store, StudentRecord

#: the default of `labctl serve --stuck-minutes`
STUCK_AFTER = 10 * 60


@dataclass
class TaskCell:
    #: passed | failed | untried
    state: str
    score: float | None
    points: float
    hints: int


@dataclass
class LiveRow:
    student_id: str
    name: str
    env: str
    #: the env's state (up, degraded, gone, missing, ...), as `class status` says
    env_state: str
    tasks: dict[str, TaskCell] = field(default_factory=dict)
    score: float | None = None
    max_score: float = 0.0
    percent: float | None = None
    passed: int = 0
    hints_used: int = 0
    last_graded: float | None = None
    last_activity: float | None = None
    last_progress: float | None = None
    #: working | stuck | idle | done | waiting (env not up)
    progress: str = "working"
    #: seconds since the last progress (stuck) or the last activity (idle)
    stalled_for: float | None = None
    #: the first task not passed yet (what a stuck student is most likely on)
    current_task: str | None = None
    #: the id of the latest grading run (changes when the student checks)
    last_grade_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _latest(*times: float | None) -> float | None:
    found = [t for t in times if t is not None]
    return max(found) if found else None


def live_row(store: Store, cls: Classroom, student: StudentRecord, *, env_state: str,
             active_at: float | None = None, stuck_after: float = STUCK_AFTER,
             now: float | None = None) -> LiveRow:
    now = time.time() if now is None else now
    here = standing(store, cls.lab, student.env, hint_texts=False)
    record = cls.env_record(store, student)
    row = LiveRow(student.id, student.name, student.env, env_state, max_score=here.max_score,
                  last_graded=here.last_graded, last_progress=here.last_progress,
                  last_grade_id=here.last_grade_id, passed=here.passed)
    for t in here.tasks:
        row.tasks[t.id] = TaskCell(t.state, t.score, t.points, t.hints_used)
    row.hints_used = sum(t.hints_used for t in here.tasks)
    if here.graded:
        row.score, row.percent = here.score, here.percent
    row.last_activity = _latest(here.last_hint, active_at)
    row.current_task = next((t.id for t in here.tasks if not t.passed), None)
    if row.current_task is None:
        row.progress = "done"
    elif env_state not in ("up", "degraded"):
        row.progress = "waiting"
    else:
        started = record.created_at if record is not None else None
        since_progress = now - (_latest(here.last_progress, started) or now)
        since_activity = now - row.last_activity if row.last_activity is not None else None
        if since_activity is None or since_activity > stuck_after:
            if since_progress > stuck_after:
                row.progress, row.stalled_for = "idle", since_activity if since_activity is not None else since_progress
        elif since_progress > stuck_after:
            row.progress, row.stalled_for = "stuck", since_progress
    return row


def live_rows(store: Store, cls: Classroom, env_states: Mapping[str, str], *,
              active_at: Mapping[str, float] | None = None, stuck_after: float = STUCK_AFTER,
              now: float | None = None) -> list[LiveRow]:
    """One row per student; `env_states` and `active_at` are keyed by student id."""
    active = active_at or {}
    return [live_row(store, cls, s, env_state=env_states.get(s.id, "missing"), active_at=active.get(s.id),
                     stuck_after=stuck_after, now=now) for s in cls.students]


def pass_rates(cls: Classroom, rows: list[LiveRow]) -> list[dict[str, Any]]:
    """Per task: how many students' latest result passed it, of those who were graded on it."""
    out = []
    for t in cls.lab.spec.tasks:
        graded = [r for r in rows if r.tasks.get(t.id) and r.tasks[t.id].state != "untried"]
        passed = [r for r in graded if r.tasks[t.id].state == "passed"]
        out.append({"id": t.id, "title": t.title, "graded": len(graded), "passed": len(passed),
                    "rate": len(passed) / len(graded) if graded else None})
    return out
