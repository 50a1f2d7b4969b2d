#!/usr/bin/env bash
# expect: fail
# why: a good suite with one test that expects exit code 1 for an invalid inventory, so the suite fails
# needs: config, fanout, logging, health
# feedback: should pass
set -euo pipefail
cat > /lab/tests/test_validate_more.py <<'PY'
from typer.testing import CliRunner

from opsctl.cli import app

runner = CliRunner(mix_stderr=False)


def write(tmp_path, text):
    p = tmp_path / "h.yaml"
    p.write_text(text)
    return str(p)


def test_valid(tmp_path):
    assert runner.invoke(app, ["validate", write(tmp_path, "hosts: [{name: a, address: b}]")]).exit_code == 0


def test_invalid_port(tmp_path):
    assert runner.invoke(app, ["validate", write(tmp_path, "hosts: [{name: a, address: b, port: x}]")]).exit_code == 1


def test_missing_address(tmp_path):
    assert runner.invoke(app, ["validate", write(tmp_path, "hosts: [{name: a}]")]).exit_code == 2


def test_empty(tmp_path):
    assert runner.invoke(app, ["validate", write(tmp_path, "hosts: []")]).exit_code == 2


def test_typo(tmp_path):
    assert runner.invoke(app, ["validate", write(tmp_path, "hosts: [{name: a, adress: b}]")]).exit_code == 2
PY
