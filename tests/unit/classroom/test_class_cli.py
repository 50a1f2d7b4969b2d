"""`labctl class` without Docker: create errors, list, handout before `up`, reports of an ungraded class."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from support import cli


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("id,name,email\nu1,Ann,ann@x.org\nu2,Bob,bob@x.org\n")
    return path


def test_bad_roster_is_exit_2_with_the_line(fixture_labs: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nu1,A\nu1,B\n")
    code, _, err = cli(["class", "create", "clibad", "--lab", "classlab", "--roster", str(bad)], capsys, fixture_labs)
    assert code == 2 and "bad.csv:3: duplicate id 'u1' (first on line 2)" in err and "Traceback" not in err
    code, _, err = cli(["class", "create", "clibad", "--lab", "classlab", "--roster", str(tmp_path / "x.csv")],
                       capsys, fixture_labs)
    assert code == 2 and "file not found" in err
    code, _, err = cli(["class", "create", "clibad", "--lab", "classlab", "--roster", str(bad), "--ttl", "soon"],
                       capsys, fixture_labs)
    assert code == 2 and "--ttl 'soon'" in err


def test_create_list_access_report_and_down_without_envs(fixture_labs: Path, roster: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["class", "create", "cliok", "--lab", "classlab", "--roster", str(roster), "--ttl", "2h",
                          "--host", "lab.example.org", "--memory", "96m", "-f", "json"], capsys, fixture_labs)
    assert code == 0, err
    created = json.loads(out)
    assert [s["env"] for s in created["students"]] == ["cliok-u1", "cliok-u2"]
    assert created["settings"]["limits"] == {"memory": "96m", "pids": 128}

    code, out, _ = cli(["class", "list", "-f", "json"], capsys, fixture_labs)
    row = next(r for r in json.loads(out) if r["name"] == "cliok")
    assert row["students"] == 2 and row["envs_up"] == 0 and row["ttl"] == "2h" and "after `class up`" in row["expires"]

    code, out, _ = cli(["class", "access", "cliok", "--format", "csv"], capsys, fixture_labs)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["student_id"] for r in rows] == ["u1", "u2"]
    assert rows[0]["host"] == "lab.example.org" and rows[0]["user"] == "learner" and rows[0]["port"] == ""
    assert "not provisioned" in rows[0]["ssh_command"] and Path(rows[0]["key_file"]).stat().st_mode & 0o777 == 0o600
    code, out, _ = cli(["class", "access", "cliok"], capsys, fixture_labs)
    assert code == 0 and "## Ann (u1)" in out and "not provisioned yet" in out

    code, out, _ = cli(["class", "report", "cliok", "--format", "csv"], capsys, fixture_labs)
    assert code == 0 and out.splitlines()[1] == "u1,Ann,ann@x.org,,,,10,,0,"
    code, out, _ = cli(["class", "report", "cliok", "--format", "gradescope"], capsys, fixture_labs)
    assert code == 0 and len(json.loads(out)["submissions"]) == 2
    code, out, _ = cli(["class", "report", "cliok"], capsys, fixture_labs)
    assert code == 0 and "pass rate per task: codeword -, lucky -" in out

    code, out, _ = cli(["class", "reap"], capsys, fixture_labs)
    assert code == 0 and "No class has passed its TTL" in out


def test_unknown_class_and_student(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(["class", "status", "no-such-class"], capsys, fixture_labs)
    assert code == 2 and "class 'no-such-class' not found" in err
    code, _, err = cli(["class", "report", "x", "--format", "pdf"], capsys, fixture_labs)
    assert code == 2
