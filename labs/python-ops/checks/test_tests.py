"""Task tests: `python3 -m pytest --cov=opsctl tests` passes with at least 5 tests and the
coverage the task names, and the suite fails when the schema accepts anything.

Run on a copy of the workspace in a throwaway container of the lab's image (no network),
with the grader's own coverage settings and no addopts of the learner's.
"""

from __future__ import annotations

import io
import re
import tarfile
import uuid

import pytest

MIN_TESTS = 5
PYTEST = ("cd /lab && PYTHONDONTWRITEBYTECODE=1 timeout -k 5 120 python3 -m pytest -q -p no:cacheprovider "
          "-o addopts= -o console_output_style=classic --junitxml=/tmp/junit.xml")
COVERAGE = "--cov=opsctl --cov-config=/tmp/grader-coverage.rc --cov-report=xml:/tmp/coverage.xml"
SKIP = {".git", "__pycache__", ".pytest_cache", ".coverage", ".venv", "venv", ".mypy_cache"}


def _tar(workspace) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for path in sorted(workspace.rglob("*")):
            rel = path.relative_to(workspace)
            if any(part in SKIP for part in rel.parts) or path.is_symlink():
                continue
            if (path.is_file() and path.stat().st_size < 5_000_000) or path.is_dir():
                tar.add(path, arcname=f"lab/{rel.as_posix()}", recursive=False)
        info = tarfile.TarInfo("tmp/grader-coverage.rc")
        rc = b"[run]\nbranch = False\n"
        info.size = len(rc)
        tar.addfile(info, io.BytesIO(rc))
    return buf.getvalue()


def _run(box, cmd: str) -> tuple[int, str]:
    code, out = box.exec_run(["bash", "-c", cmd])
    return code, out.decode("utf-8", "replace")


def _junit(box) -> dict:
    _, out = _run(box, "cat /tmp/junit.xml 2>/dev/null")
    counts = {}
    match = re.search(r"<testsuite\b[^>]*>", out)
    if match:
        for key in ("tests", "failures", "errors", "skipped"):
            m = re.search(rf'\b{key}="(\d+)"', match.group(0))
            counts[key] = int(m.group(1)) if m else 0
    return counts


@pytest.fixture(scope="module")
def suite(docker, env):
    workspace_container = docker.containers.get(env.containers["workspace"])
    box = docker.containers.create(
        workspace_container.image.id, ["sleep", "600"], network_mode="none", mem_limit="512m",
        labels={"io.labctl.lab": env.lab, "io.labctl.env": env.name, "io.labctl.role": "grader"},
        name=f"{env.project}-grader-tests-{uuid.uuid4().hex[:8]}", working_dir="/lab")
    try:
        box.put_archive("/", _tar(env.workspace))
        box.start()
        code, out = _run(box, f"{PYTEST} {COVERAGE} tests")
        counts = _junit(box)
        _, cov = _run(box, "cat /tmp/coverage.xml 2>/dev/null")
        rate = re.search(r'<coverage\b[^>]*\bline-rate="([0-9.]+)"', cov)
        percent = float(rate.group(1)) * 100 if rate else None
        _run(box, "cd /lab && mkdir -p schema && echo '{}' > schema/inventory.schema.json")
        mutant_code, mutant_out = _run(box, f"{PYTEST} tests")
        yield {"code": code, "out": out, "counts": counts, "percent": percent,
               "mutant_code": mutant_code, "mutant_out": mutant_out}
    finally:
        box.remove(force=True)


def _summary(out: str) -> str:
    lines = [ln for ln in out.strip().splitlines() if ln.strip()]
    return lines[-1][:200] if lines else "(no output)"


def _require_passing(suite) -> int:
    counts = suite["counts"]
    passed = counts.get("tests", 0) - counts.get("failures", 0) - counts.get("errors", 0) - counts.get("skipped", 0)
    assert counts and suite["code"] == 0, (
        f"`python3 -m pytest --cov=opsctl tests` should pass; it exited {suite['code']}: {_summary(suite['out'])}")
    assert passed >= MIN_TESTS, f"expected at least {MIN_TESTS} passing tests in tests/; found {passed}"
    return passed


@pytest.mark.points(3)
@pytest.mark.timeout(300)
def test_suite_passes(suite):
    _require_passing(suite)


@pytest.mark.points(4)
@pytest.mark.timeout(300)
def test_coverage_reaches_the_gate(suite, params):
    _require_passing(suite)
    percent, want = suite["percent"], params["coverage_min"]
    assert percent is not None, "pytest-cov wrote no coverage report: is the opsctl package imported by the tests?"
    assert percent >= want, (
        f"line coverage of the opsctl package is {percent:.1f}%; the gate is {want}% "
        "(`--cov-report=term-missing` shows which lines no test reaches)")


@pytest.mark.points(3)
@pytest.mark.timeout(300)
def test_suite_catches_a_schema_that_accepts_anything(suite):
    _require_passing(suite)
    assert suite["mutant_code"] != 0, (
        "with schema/inventory.schema.json replaced by {} (which accepts anything), your tests still pass: "
        "add a test that `opsctl validate` rejects an invalid inventory (exit code 2)")
