#!/usr/bin/env bash
# expect: fail
# why: four thorough tests, coverage well above the gate, but the task asks for at least five
# needs: config, fanout, logging, health
# feedback: at least 5 passing tests
set -euo pipefail
rm -f /lab/tests/test_version.py
cat > /lab/tests/test_four.py <<'PY'
import json
import logging

from typer.testing import CliRunner

from opsctl import fanout
from opsctl.cli import app
from opsctl.health import HealthCollector
from opsctl.logs import JsonFormatter

runner = CliRunner(mix_stderr=False)


def test_validate(tmp_path):
    good, bad, broken = tmp_path / "g.yaml", tmp_path / "b.yaml", tmp_path / "x.yaml"
    good.write_text("hosts: [{name: a, address: b}]\n")
    bad.write_text("hosts: [{name: a, address: b, port: 0}]\n")
    broken.write_text("hosts: [\n")
    assert runner.invoke(app, ["validate", str(good)]).exit_code == 0
    assert runner.invoke(app, ["validate", str(bad)]).exit_code == 2
    assert runner.invoke(app, ["validate", str(broken)]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path / "none")]).exit_code == 2
    assert runner.invoke(app, ["version"]).exit_code == 0


def test_run(tmp_path):
    inv, rep = tmp_path / "i.yaml", tmp_path / "r.json"
    inv.write_text("hosts: [{name: a, address: 127.0.0.1, port: 9, timeout: 1}]\n")
    assert runner.invoke(app, ["run", "--inventory", str(inv), "--report", str(rep), "x"]).exit_code == 1
    assert json.loads(rep.read_text())["summary"]["unreachable"] == 1
    assert fanout.summarize([]) == {"ok": 0, "failed": 0, "timeout": 0, "unreachable": 0}


def test_logs():
    rec = logging.LogRecord("n", logging.INFO, "f", 1, "m", (), None)
    assert json.loads(JsonFormatter().format(rec))["level"] == "info"


def test_health():
    fams = list(HealthCollector({"disks": ["/"], "max_disk_used_ratio": 1, "max_memory_used_ratio": 1}).collect())
    assert [f.name for f in fams][-1] == "opsctl_healthy"
PY
