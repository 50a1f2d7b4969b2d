"""JUnit XML and Gradescope renderings of a report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from labctl.grading import reports
from labctl.grading.scoring import CheckResult, build_report, score_task


def report():  # type: ignore[no-untyped-def]
    a = score_task("a", "Task A", 4, [
        CheckResult("test_one", True, duration=0.01, file="checks/test_a.py", outcome="passed"),
        CheckResult("test_two", False, "expected <two> & 'three'", 0.02, file="checks/test_a.py",
                    outcome="failed"),
    ], hints_used=1, penalty_per_hint=0.5)
    b = score_task("b", "Task B", 6, [
        CheckResult("test_hang", False, "timed out after 3 s", 3.0, outcome="timeout"),
        CheckResult("test_load", False, "the check file could not be loaded: SyntaxError", outcome="error"),
    ], solved_by_solution=True)
    return build_report("lab1", "default", [a, b], duration=3.5)


def test_junit_is_one_suite_with_a_testcase_per_check() -> None:
    root = ET.fromstring(reports.to_junit(report()))
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1
    suite = suites[0]
    assert suite.get("tests") == "4" and suite.get("failures") == "2" and suite.get("errors") == "1"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["test_one", "test_two", "test_hang", "test_load"]
    assert [c.get("classname") for c in cases] == ["lab1.a", "lab1.a", "lab1.b", "lab1.b"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("message") == "expected <two> & 'three'"
    assert cases[2].find("failure") is not None and cases[2].find("failure").get("type") == "timeout"  # type: ignore[union-attr]
    assert cases[3].find("error") is not None
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props == {"env": "default", "score": "1.5", "max_score": "10", "percent": "15"}


def test_gradescope_has_the_documented_fields() -> None:
    data = reports.to_gradescope(report())
    assert data["score"] == 1.5 and data["max_score"] == 10
    assert [t["name"] for t in data["tests"]] == ["a: Task A", "b: Task B"]
    first, second = data["tests"]
    assert (first["score"], first["max_score"], first["status"]) == (1.5, 4, "failed")
    assert "FAIL test_two: expected <two> & 'three'" in first["output"]
    assert "1 hint(s) used: -0.5 point(s)" in first["output"]
    assert "solved by the reference solution" in second["output"]
    for test in data["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "output"}
        assert test["status"] in ("passed", "failed")
    json.dumps(data)


def test_files_are_written(tmp_path: Path) -> None:
    r = report()
    reports.write_junit(r, tmp_path / "out" / "junit.xml")
    reports.write_gradescope(r, tmp_path / "results.json")
    ET.parse(tmp_path / "out" / "junit.xml")
    assert json.loads((tmp_path / "results.json").read_text())["score"] == 1.5
