"""Scoring math: weights, partial credit, hint penalties, report round trips."""

from __future__ import annotations

import pytest

from labctl.errors import NotFoundError
from labctl.grading.scoring import CheckResult, GradeReport, build_report, percent, score_task


def checks(*spec: tuple[bool, float]) -> list[CheckResult]:
    return [CheckResult(name=f"c{i}", passed=p, weight=w, message="" if p else f"c{i} wrong")
            for i, (p, w) in enumerate(spec)]


def test_points_are_shared_by_weight_of_passed_checks() -> None:
    t = score_task("t", "T", 6, checks((True, 1), (False, 2), (True, 3)))
    assert t.score == 4.0 and t.max_score == 6.0 and not t.passed
    assert t.feedback == ["c1 wrong"]


def test_all_checks_pass_gives_full_points() -> None:
    t = score_task("t", "T", 5, checks((True, 1), (True, 1)))
    assert t.score == 5.0 and t.passed and t.feedback == []


def test_fractions_are_rounded_to_two_decimals() -> None:
    t = score_task("t", "T", 10, checks((True, 1), (False, 1), (False, 1)))
    assert t.score == 3.33


def test_hint_penalty_is_subtracted_per_hint() -> None:
    t = score_task("t", "T", 6, checks((True, 1), (True, 1)), hints_used=2, penalty_per_hint=1.5)
    assert t.score == 3.0 and t.hint_penalty == 3.0 and t.hints_used == 2 and t.passed


def test_hint_penalty_never_goes_below_zero() -> None:
    t = score_task("t", "T", 6, checks((True, 1), (False, 5)), hints_used=3, penalty_per_hint=1.5)
    assert t.score == 0.0
    assert t.hint_penalty == 1.0  # only what there was to lose


def test_a_task_without_checks_fails() -> None:
    t = score_task("t", "T", 3, [])
    assert t.score == 0 and not t.passed


def test_zero_weight_checks_pass_the_task_with_full_points() -> None:
    t = score_task("t", "T", 3, checks((True, 0)))
    assert t.score == 3 and t.passed


def test_report_totals_percent_and_lookup() -> None:
    tasks = [score_task("a", "A", 4, checks((True, 1))), score_task("b", "B", 6, checks((False, 1)))]
    report = build_report("lab", "env", tasks, duration=1.23456, graded_at=0)
    assert (report.score, report.max_score, report.percent) == (4.0, 10.0, 40.0)
    assert report.graded_at == "1970-01-01T00:00:00+00:00"
    assert report.task("b").max_score == 6 and not report.passed
    with pytest.raises(NotFoundError, match="no task 'c'; its tasks: a, b"):
        report.task("c")


def test_report_round_trips_through_a_dict() -> None:
    tasks = [score_task("a", "A", 4, checks((True, 1), (False, 2)), hints_used=1, penalty_per_hint=0.5,
                        solved_by_solution=True)]
    report = build_report("lab", "env", tasks)
    again = GradeReport.from_dict(report.to_dict())
    assert again == report
    data = report.to_dict()
    assert set(data) >= {"lab", "env", "score", "max_score", "percent", "tasks"}
    assert set(data["tasks"][0]) >= {"id", "title", "score", "max_score", "passed", "hints_used",
                                     "solved_by_solution", "checks"}
    assert set(data["tasks"][0]["checks"][0]) >= {"name", "passed", "message", "duration"}


def test_percent_of_nothing_is_zero() -> None:
    assert percent(0, 0) == 0.0
    assert percent(1, 3) == 33.3
