#!/usr/bin/env bash
# expect: fail
# why: .coveragerc omits fanout.py and health.py, so the learner's own run shows the gate met; the package is not
# needs: config, fanout, logging, health
# feedback: line coverage of the opsctl package is
set -euo pipefail
cat > /lab/.coveragerc <<'INI'
[run]
omit =
    opsctl/fanout.py
    opsctl/health.py
    opsctl/logs.py
    opsctl/__main__.py
INI
cat > /lab/tests/test_cli_only.py <<'PY'
import pytest
from typer.testing import CliRunner

from opsctl.cli import app

runner = CliRunner(mix_stderr=False)


@pytest.mark.parametrize("text, code", [
    ("hosts: [{name: a, address: b}]", 0),
    ("hosts: [{name: a}]", 2),
    ("hosts: []", 2),
    ("hosts: [{name: a, address: b, port: 99999}]", 2),
    ("hosts: [\n", 2),
])
def test_validate(tmp_path, text, code):
    p = tmp_path / "h.yaml"
    p.write_text(text)
    assert runner.invoke(app, ["validate", str(p)]).exit_code == code
PY
cd /lab && python3 -m pytest -q -p no:cacheprovider --cov=opsctl tests | tail -4
