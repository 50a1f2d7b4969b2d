"""The gradebook and its exports, from grades stored the way the grader stores them."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from labctl.classroom import gradebook as gb
from labctl.classroom.classes import Classroom, create_class
from labctl.grading.scoring import CheckResult, build_report, score_task
from labctl.spec.loader import load_lab_dir
from labctl.state import Store


@pytest.fixture
def graded(tmp_path: Path, fixture_labs: Path) -> tuple[Store, Classroom]:
    """Three students: s1 full marks, s2 half (one hint used), s3 never graded."""
    store = Store(tmp_path / "state.db")
    roster = tmp_path / "roster.csv"
    roster.write_text('id,name,email,section\ns1,"Lee, Ann",ann@x.org,A\ns2,<b>Bob</b>,bob@x.org,B\ns3,Cy,,A\n')
    lab = load_lab_dir(fixture_labs / "classlab")
    cls = create_class(store, "cs101", lab, roster).classroom
    for s, (codeword, lucky, hints) in zip(cls.students[:2], ((True, True, 0), (True, False, 1)), strict=True):
        tasks = [
            score_task("codeword", "Write your codeword", 6, [CheckResult("test_codeword_file", codeword)],
                       hints_used=hints, penalty_per_hint=0.5),
            score_task("lucky", "Publish your lucky number", 4,
                       [CheckResult("test_lucky_number_served", lucky, "expected /lucky.txt to be 1234")]),
        ]
        report = build_report(lab.id, s.env, tasks)
        store.add_grade(lab.id, s.env, report.score, report.max_score, report.to_dict())
    return store, cls


def test_rows_totals_and_pass_rates(graded: tuple[Store, Classroom]) -> None:
    book = gb.gradebook(*graded)
    s1, s2, s3 = book.rows
    assert (s1.scores, s1.total, s1.percent, s1.hints_used) == ({"codeword": 6, "lucky": 4}, 10, 100.0, 0)
    assert (s2.scores, s2.total, s2.percent, s2.hints_used) == ({"codeword": 5.5, "lucky": 0}, 5.5, 55.0, 1)
    assert s3.scores == {"codeword": None, "lucky": None} and s3.total is None and s3.last_graded is None
    assert [(t.id, t.passed, t.graded, t.pass_rate) for t in book.tasks] == [
        ("codeword", 2, 2, 1.0), ("lucky", 1, 2, 0.5)]


def test_csv_is_lms_friendly(graded: tuple[Store, Classroom]) -> None:
    rows = list(csv.DictReader(io.StringIO(gb.to_csv(gb.gradebook(*graded)))))
    assert list(rows[0]) == ["student_id", "name", "email", "section", "codeword", "lucky", "total", "max",
                             "percent", "hints_used", "last_graded"]
    assert rows[0]["name"] == "Lee, Ann" and rows[0]["total"] == "10" and rows[0]["percent"] == "100"
    assert rows[1]["codeword"] == "5.5" and rows[1]["hints_used"] == "1" and rows[1]["last_graded"].endswith("+00:00")
    assert rows[2]["total"] == "" and rows[2]["max"] == "10" and rows[2]["last_graded"] == ""


def test_task_column_that_clashes_with_a_fixed_one_is_prefixed(graded: tuple[Store, Classroom]) -> None:
    book = gb.gradebook(*graded)
    book.tasks[0].id = "total"
    assert gb.task_column_names(book) == {"total": "task_total", "lucky": "lucky"}


def test_json_shape(graded: tuple[Store, Classroom]) -> None:
    data = json.loads(gb.to_json_text(gb.to_json(gb.gradebook(*graded))))
    assert data["class"] == "cs101" and data["lab"] == "classlab" and data["max_score"] == 10
    assert [t["id"] for t in data["tasks"]] == ["codeword", "lucky"] and data["tasks"][1]["pass_rate"] == 0.5
    first = data["students"][0]
    assert {"student_id", "name", "email", "env", "extra", "tasks", "total", "max", "percent", "hints_used",
            "last_graded"} <= set(first)
    assert first["tasks"][0] == {"id": "codeword", "score": 6, "max_score": 6, "passed": True}
    assert "report" not in first


def test_gradescope_results_per_student(graded: tuple[Store, Classroom]) -> None:
    data = json.loads(gb.to_json_text(gb.to_gradescope(gb.gradebook(*graded))))
    subs = {s["student_id"]: s for s in data["submissions"]}
    assert set(subs) == {"s1", "s2", "s3"}
    for sub in subs.values():
        results = sub["results"]
        assert {"score", "tests", "output", "visibility"} <= set(results)
        for test in results["tests"]:
            assert {"name", "score", "max_score", "status", "output"} <= set(test)
            assert test["status"] in ("passed", "failed")
    assert subs["s2"]["results"]["score"] == 5.5
    assert "expected /lucky.txt to be 1234" in subs["s2"]["results"]["tests"][1]["output"]
    assert subs["s3"]["results"]["score"] == 0 and subs["s3"]["results"]["output"].endswith("not graded yet")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self.external: list[str] = []
        self._cell: list[str] | None = None
        self._in_tbody = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        if tag in ("script", "link", "img", "iframe") or (tag != "svg" and a.get("src")):
            self.external.append(tag)
        if tag == "tbody":
            self._in_tbody = True
        if tag == "tr" and self._in_tbody:
            self.rows.append([])
        if tag == "td" and self._in_tbody:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        if tag == "tbody":
            self._in_tbody = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_html_is_one_self_contained_page_with_a_chart(graded: tuple[Store, Classroom]) -> None:
    page = gb.to_html(gb.gradebook(*graded))
    parser = _Page()
    parser.feed(page)
    assert parser.external == [] and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert [r[0] for r in parser.rows] == ["s1", "s2", "s3"]
    assert parser.rows[1][1] == "<b>Bob</b>"  # escaped, shown as text
    assert parser.rows[0][3:7] == ["6", "4", "10", "10"]
    svg = page[page.index("<svg"):page.index("</svg>") + 6]
    root = ET.fromstring(svg)
    bars = [el for el in root.iter("{http://www.w3.org/2000/svg}rect") if el.get("class") == "bar"]
    assert {b.get("data-task"): float(b.get("data-rate") or -1) for b in bars} == {"codeword": 1.0, "lucky": 0.5}
    heights = {b.get("data-task"): float(b.get("height") or 0) for b in bars}
    assert heights["codeword"] == pytest.approx(2 * heights["lucky"])
