"""Renderings of a GradeReport: JSON (the report itself), JUnit XML, Gradescope results.json.

Formats are documented in docs/grading.md.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from labctl.errors import UserInputError
from labctl.grading.scoring import GradeReport, TaskResult


def _num(value: float) -> str:
    return f"{value:g}"


def to_json(report: GradeReport) -> dict[str, Any]:
    return report.to_dict()


def to_junit(report: GradeReport) -> str:
    """One testsuite (the lab), one testcase per check; a failed check carries its message."""
    checks = [(t, c) for t in report.tasks for c in t.checks]
    failures = sum(1 for _, c in checks if not c.passed and c.outcome not in ("error", "not run"))
    errors = sum(1 for _, c in checks if not c.passed and c.outcome in ("error", "not run"))
    total_time = sum(c.duration for _, c in checks)
    root = ET.Element("testsuites", name=f"labctl {report.lab}", tests=str(len(checks)),
                      failures=str(failures), errors=str(errors), time=f"{total_time:.3f}")
    suite = ET.SubElement(
        root, "testsuite", name=f"{report.lab}", tests=str(len(checks)), failures=str(failures),
        errors=str(errors), skipped="0", time=f"{total_time:.3f}", timestamp=report.graded_at,
    )
    props = ET.SubElement(suite, "properties")
    for key, value in (("env", report.env), ("score", _num(report.score)),
                       ("max_score", _num(report.max_score)), ("percent", _num(report.percent))):
        ET.SubElement(props, "property", name=key, value=value)
    for task, check in checks:
        case = ET.SubElement(suite, "testcase", classname=f"{report.lab}.{task.id}", name=check.name,
                             time=f"{check.duration:.3f}", file=check.file)
        if not check.passed:
            tag = "error" if check.outcome in ("error", "not run") else "failure"
            failure = ET.SubElement(case, tag, message=check.message, type=check.outcome or "failed")
            failure.text = f"task {task.id} ({task.title}): {check.message}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _task_output(task: TaskResult) -> str:
    lines = [f"{'PASS' if c.passed else 'FAIL'} {c.name}" + ("" if c.passed else f": {c.message}")
             for c in task.checks]
    if task.hints_used:
        lines.append(f"{task.hints_used} hint(s) used: -{_num(task.hint_penalty)} point(s)")
    if task.solved_by_solution:
        lines.append("solved by the reference solution (labctl solve)")
    return "\n".join(lines)


def to_gradescope(report: GradeReport) -> dict[str, Any]:
    """Gradescope's autograder results.json: one test per task."""
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.duration, 3),
        "output": f"{report.lab}: {_num(report.score)}/{_num(report.max_score)} ({report.percent:g}%)",
        "visibility": "visible",
        "tests": [
            {
                "name": f"{t.id}: {t.title}",
                "number": str(i),
                "score": t.score,
                "max_score": t.max_score,
                "status": "passed" if t.passed else "failed",
                "output": _task_output(t),
            }
            for i, t in enumerate(report.tasks, 1)
        ],
    }


def write(path: Path, text: str, option: str = "the output file") -> None:
    """Write a file the user named (an option's value): a path that cannot be written is their
    bad input (exit 2), named with the option."""
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserInputError(f"cannot write {option} {path}: {exc.strerror or exc}.",
                             hint="Give a file path in a folder you can write to.") from None


def write_junit(report: GradeReport, path: Path) -> None:
    write(path, to_junit(report), "--junit")


def write_gradescope(report: GradeReport, path: Path) -> None:
    write(path, json.dumps(to_gradescope(report), indent=2) + "\n", "--gradescope")
