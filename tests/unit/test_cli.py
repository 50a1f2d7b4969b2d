"""CLI behaviour without Docker: exit codes, JSON output, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from labctl import __version__
from labctl.cli.app import run


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--version"], capsys)
    assert code == 0 and __version__ in out


def test_list_json_includes_search_path_labs(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--labs-path", str(fixture_labs), "list", "--format", "json"], capsys)
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["basic"]["backends"] == ["compose"]
    assert rows["basic"]["title"].startswith("Fixture lab")


def test_show_json(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--labs-path", str(fixture_labs), "show", "basic", "-f", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["max_score"] == 10 and [t["id"] for t in data["tasks"]] == ["greeting", "page"]


def test_task_instructions_use_parameters(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--labs-path", str(fixture_labs), "task", "basic", "greeting"], capsys)
    assert code == 0 and "hello" in out


def test_unknown_lab_is_exit_2_with_suggestion(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["--labs-path", str(fixture_labs), "show", "basik"], capsys)
    assert code == 2 and "Did you mean: basic" in err and "Traceback" not in err


def test_unknown_task_is_exit_2(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["--labs-path", str(fixture_labs), "task", "basic", "nope"], capsys)
    assert code == 2 and "greeting, page" in err


def test_bad_option_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = _run(["list", "--format", "xml"], capsys)
    assert code == 2


def test_validate_all_valid_labs(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--labs-path", str(fixture_labs), "validate", "basic", "--format", "json"], capsys)
    assert code == 0 and json.loads(out) == [{"lab": "basic", "kind": "lab", "valid": True, "error": None}]


def test_render_writes_files(fixture_labs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = _run(["--labs-path", str(fixture_labs), "render", "basic", "--out", str(tmp_path)], capsys)
    assert code == 0 and (tmp_path / "compose.yaml").is_file()


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["schema"], capsys)
    assert code == 0 and json.loads(out)["title"] == "LabSpec"


def test_param_override_must_be_name_value(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["--labs-path", str(fixture_labs), "up", "basic", "--param", "oops"], capsys)
    assert code == 2 and "NAME=VALUE" in err


def test_help_does_not_import_heavy_sdks() -> None:
    code = (
        "import sys; from labctl.cli.app import run; run(['--help']);"
        "heavy = [m for m in ('docker', 'kubernetes', 'boto3', 'moto', 'python_terraform', 'testinfra', 'pydantic',"
        " 'fastapi', 'starlette', 'uvicorn', 'websockets', 'labctl.web')"
        " if m in sys.modules]; print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out, out


def test_console_script_exit_code(fixture_labs: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "labctl", "--labs-path", str(fixture_labs), "show", "nope"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2 and "not found" in proc.stderr and "Traceback" not in proc.stderr
