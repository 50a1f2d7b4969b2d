"""Grade a whole class and export the gradebook.

Grading goes through the ordinary grader (`labctl.core.grade.grade`), one
student at a time per worker thread: each run is a pytest subprocess, graded
against that student's own parameters and ports, and stored as their latest
grade. The gradebook is read back from the state store, so a report never
re-grades and survives `class reap`.

Formats: table (the CLI's), CSV (one row per student, LMS-import friendly),
JSON, a self-contained HTML page with an inline SVG pass-rate chart, and
Gradescope autograder results (one results.json object per student).
"""

from __future__ import annotations

import csv
import html
import io
import json
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from labctl.classroom.classes import Classroom
from labctl.classroom.provision import ClassEvent, EventSink, StudentOutcome, failure_text, run_parallel
from labctl.core.standing import standing
from labctl.env.record import EnvStatus
from labctl.errors import LabctlError
from labctl.state import Store, StudentRecord

if TYPE_CHECKING:
    from labctl.grading.launchers import Launcher

FIXED_COLUMNS = ("student_id", "name", "email")
TOTAL_COLUMNS = ("total", "max", "percent", "hints_used", "last_graded")


def _ignore(_: ClassEvent) -> None:
    pass


def grade_class(store: Store, cls: Classroom, *, parallel: int = 6, events: EventSink = _ignore,
                students: list[str] | None = None, launcher: Launcher | None = None) -> list[StudentOutcome]:
    """Grade every student whose env is up; each result is stored as soon as it is known.
    A long-lived caller (the web server) passes its own warm `grading_launcher`."""
    from labctl.core.grade import grade, grading_launcher

    chosen = [cls.student(s) for s in students] if students else list(cls.students)
    lock = threading.Lock()

    def emit(event: ClassEvent) -> None:
        with lock:
            events(event)

    def one(s: StudentRecord) -> StudentOutcome:
        started = time.monotonic()
        record = cls.env_record(store, s)
        if record is None or record.status is not EnvStatus.UP:
            why = "has no env" if record is None else f"env is {record.status.value}"
            emit(ClassEvent(s.id, "failed", f"not graded: {why}"))
            return StudentOutcome(s.id, s.env, "skipped", why)
        emit(ClassEvent(s.id, "start"))
        try:
            report = grade(store, cls.lab, s.env, launcher=launcher)
        except LabctlError as exc:
            emit(ClassEvent(s.id, "failed", failure_text(exc)))
            return StudentOutcome(s.id, s.env, "failed", failure_text(exc), time.monotonic() - started)
        except Exception as exc:  # one student's surprise must not stop the class
            message = f"{type(exc).__name__}: {exc}"
            emit(ClassEvent(s.id, "failed", message))
            return StudentOutcome(s.id, s.env, "failed", message, time.monotonic() - started)
        summary = f"{report.score:g}/{report.max_score:g}"
        emit(ClassEvent(s.id, "done", summary))
        return StudentOutcome(s.id, s.env, "graded", seconds=time.monotonic() - started, detail=summary)

    # One warm zygote forks every student's grading worker: a fresh Python per student
    # would spend more CPU importing pytest and the Docker SDK than phase1's checks take.
    if launcher is not None:
        return run_parallel(chosen, one, parallel)
    with grading_launcher(cls.lab) as launcher:
        return run_parallel(chosen, one, parallel)


# -- the gradebook -------------------------------------------------------------


@dataclass
class TaskColumn:
    id: str
    title: str
    points: float
    #: students whose last grade passed the task / students graded
    passed: int = 0
    graded: int = 0

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.graded if self.graded else None


@dataclass
class GradebookRow:
    student_id: str
    name: str
    email: str
    env: str
    extra: dict[str, str] = field(default_factory=dict)
    #: task id -> score (None: never graded)
    scores: dict[str, float | None] = field(default_factory=dict)
    passed: dict[str, bool] = field(default_factory=dict)
    total: float | None = None
    max: float = 0.0
    percent: float | None = None
    hints_used: int = 0
    last_graded: str | None = None
    #: the stored report (GradeReport.to_dict()) of the last grade
    report: dict[str, Any] | None = field(default=None, repr=False)


@dataclass
class Gradebook:
    class_name: str
    lab: str
    lab_title: str
    generated_at: str
    max_score: float
    tasks: list[TaskColumn]
    rows: list[GradebookRow]
    extra_columns: list[str]


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def gradebook(store: Store, cls: Classroom) -> Gradebook:
    spec = cls.lab.spec
    tasks = [TaskColumn(t.id, t.title, float(t.points)) for t in spec.tasks]
    rows: list[GradebookRow] = []
    extra_columns: list[str] = []
    for s in cls.students:
        extra_columns += [k for k in s.extra if k not in extra_columns]
        row = GradebookRow(s.id, s.name, s.email, s.env, dict(s.extra), max=float(spec.max_score))
        # each task's latest result, also when the last run graded only some tasks (a Check of
        # one task on the web page, `labctl grade --task`)
        now = standing(store, cls.lab, s.env, hint_texts=False)
        row.hints_used = sum(t.hints_used for t in now.tasks)
        if not now.graded:
            row.scores = {t.id: None for t in tasks}
        else:
            for column in tasks:
                result = now.task(column.id)
                row.scores[column.id] = None if result is None else result.score
                row.passed[column.id] = bool(result and result.passed)
                if result is not None and result.score is not None:
                    column.graded += 1
                    column.passed += int(bool(result.passed))
            row.total, row.max, row.percent = now.score, now.max_score, now.percent
            assert now.last_graded is not None
            row.last_graded = _iso(now.last_graded)
            last = store.last_grade(cls.lab.id, s.env)
            row.report = last.report if last is not None else None
        rows.append(row)
    return Gradebook(cls.name, cls.lab.id, spec.title, _iso(time.time()), float(spec.max_score),
                     tasks, rows, extra_columns)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def task_column_names(book: Gradebook) -> dict[str, str]:
    """CSV header of each task: its id, unless that clashes with a fixed or roster column."""
    taken = {*FIXED_COLUMNS, *TOTAL_COLUMNS, *book.extra_columns}
    return {t.id: (f"task_{t.id}" if t.id in taken else t.id) for t in book.tasks}


def to_csv(book: Gradebook) -> str:
    """student_id,name,email,<roster extras>,<task ids>,total,max,percent,hints_used,last_graded."""
    names = task_column_names(book)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*FIXED_COLUMNS, *book.extra_columns, *names.values(), *TOTAL_COLUMNS])
    for r in book.rows:
        writer.writerow([
            r.student_id, r.name, r.email, *(r.extra.get(c, "") for c in book.extra_columns),
            *(_num(r.scores.get(t.id)) for t in book.tasks),
            _num(r.total), _num(r.max), _num(r.percent), r.hints_used, r.last_graded or "",
        ])
    return buf.getvalue()


def to_json(book: Gradebook) -> dict[str, Any]:
    return {
        "class": book.class_name, "lab": book.lab, "lab_title": book.lab_title,
        "generated_at": book.generated_at, "max_score": book.max_score,
        "tasks": [{"id": t.id, "title": t.title, "points": t.points, "graded": t.graded,
                   "passed": t.passed, "pass_rate": t.pass_rate} for t in book.tasks],
        "students": [
            {k: v for k, v in asdict(r).items() if k not in ("report",)}
            | {"tasks": [
                {"id": t.id, "score": r.scores.get(t.id), "max_score": t.points,
                 "passed": r.passed.get(t.id, False)}
                for t in book.tasks
            ]}
            for r in book.rows
        ],
    }


def to_gradescope(book: Gradebook) -> dict[str, Any]:
    """Per student, Gradescope's autograder results.json (one test per task)."""
    from labctl.grading.reports import to_gradescope as report_to_gradescope
    from labctl.grading.scoring import GradeReport

    submissions = []
    for r in book.rows:
        if r.report is not None:
            results = report_to_gradescope(GradeReport.from_dict(r.report))
        else:
            results = {
                "score": 0.0, "max_score": book.max_score, "execution_time": 0.0,
                "output": f"{book.lab}: not graded yet", "visibility": "visible",
                "tests": [
                    {"name": f"{t.id}: {t.title}", "number": str(i), "score": 0.0, "max_score": t.points,
                     "status": "failed", "output": "not graded yet"}
                    for i, t in enumerate(book.tasks, 1)
                ],
            }
        submissions.append({
            "student_id": r.student_id, "name": r.name, "email": r.email,
            "last_graded": r.last_graded, "results": results,
        })
    return {"class": book.class_name, "lab": book.lab, "generated_at": book.generated_at,
            "submissions": submissions}


def to_json_text(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2) + "\n"


# -- HTML ----------------------------------------------------------------------------

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d2330}
h1{font-size:1.4rem;margin-bottom:.2rem} p.meta{color:#5b6475;margin-top:0}
table{border-collapse:collapse;margin-top:1rem;font-size:.9rem}
th,td{border:1px solid #d5d9e0;padding:.3rem .6rem;text-align:right}
th{background:#f1f3f7} td.l,th.l{text-align:left}
td.pass{background:#e5f6ea} td.fail{background:#fdecea} td.none{color:#9aa1ad}
svg text{font-family:inherit}
"""


def pass_rate_svg(book: Gradebook) -> str:
    """An inline SVG bar chart: one bar per task, the share of graded students who passed it."""
    bar, gap, height, top, bottom, left = 48, 24, 180, 20, 60, 40
    width = left + len(book.tasks) * (bar + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height + top + bottom}" '
        f'viewBox="0 0 {width} {height + top + bottom}" aria-labelledby="chart-title">',
        '<title id="chart-title">Pass rate per task</title>',
    ]
    for pct in (0, 50, 100):
        y = top + height - height * pct / 100
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#d5d9e0"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{pct}%</text>')
    for i, t in enumerate(book.tasks):
        x = left + gap + i * (bar + gap)
        rate = t.pass_rate
        h = height * (rate or 0.0)
        label = "n/a" if rate is None else f"{100 * rate:.0f}%"
        tid = html.escape(t.id)
        parts.append(
            f'<rect class="bar" data-task="{tid}" data-rate="{"" if rate is None else f"{rate:.4f}"}" '
            f'x="{x}" y="{top + height - h:.1f}" width="{bar}" height="{h:.1f}" fill="#3b7dd8">'
            f"<title>{html.escape(t.title)}: {t.passed}/{t.graded} passed</title></rect>"
        )
        parts.append(f'<text x="{x + bar / 2}" y="{top + height - h - 4:.1f}" font-size="11" '
                     f'text-anchor="middle">{label}</text>')
        parts.append(f'<text x="{x + bar / 2}" y="{top + height + 16}" font-size="11" '
                     f'text-anchor="middle">{tid}</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_html(book: Gradebook) -> str:
    """One self-contained page: no scripts, no external CSS, fonts or images."""
    e = html.escape
    graded = [r for r in book.rows if r.total is not None]
    mean = sum(r.percent or 0.0 for r in graded) / len(graded) if graded else None
    head = "".join(f'<th title="{e(t.title)}">{e(t.id)}<br><small>/{_num(t.points)}</small></th>'
                   for t in book.tasks)
    body = []
    for r in book.rows:
        cells = []
        for t in book.tasks:
            score = r.scores.get(t.id)
            css = "none" if score is None else ("pass" if r.passed.get(t.id) else "fail")
            cells.append(f'<td class="{css}">{"–" if score is None else _num(score)}</td>')
        body.append(
            f'<tr><td class="l">{e(r.student_id)}</td><td class="l">{e(r.name)}</td>'
            f'<td class="l">{e(r.email)}</td>{"".join(cells)}'
            f"<td>{_num(r.total) or '–'}</td><td>{_num(r.max)}</td>"
            f"<td>{'–' if r.percent is None else f'{r.percent:g}%'}</td><td>{r.hints_used}</td>"
            f'<td class="l">{e(r.last_graded or "never")}</td></tr>'
        )
    meta = (f"Lab {e(book.lab)} · {len(book.rows)} students · {len(graded)} graded"
            + ("" if mean is None else f" · mean {mean:.1f}%") + f" · generated {e(book.generated_at)}")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>Gradebook: {e(book.class_name)}</title>'
        f"<style>{CSS}</style></head><body>"
        f"<h1>{e(book.lab_title)}: class {e(book.class_name)}</h1>"
        f'<p class="meta">{meta}</p>'
        f"<h2>Pass rate per task</h2>{pass_rate_svg(book)}"
        "<h2>Students</h2>"
        '<table id="gradebook"><thead><tr><th class="l">student</th><th class="l">name</th>'
        f'<th class="l">email</th>{head}<th>total</th><th>max</th><th>percent</th><th>hints</th>'
        '<th class="l">last graded</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        "</body></html>\n"
    )
