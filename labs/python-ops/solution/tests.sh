#!/bin/bash
# Reference solution: CliRunner tests of every command, failure paths included; the SSH part
# is exercised against a closed port and stubbed for the rest.
set -euo pipefail
cd /lab
cat > tests/test_opsctl.py <<'PY'
import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opsctl import fanout
from opsctl.cli import app
from opsctl.health import HealthCollector, load_config
from opsctl.inventory import hosts
from opsctl.logs import JsonFormatter

runner = CliRunner(mix_stderr=False)
GOOD = """
defaults: {user: ops, timeout: 2}
hosts:
  - {name: web1, address: web1}
  - {name: web2, address: 10.0.0.2, port: 2222, timeout: 1.5}
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "hosts.yaml"
    path.write_text(text)
    return str(path)


def test_valid_inventory_passes(tmp_path):
    result = runner.invoke(app, ["validate", write(tmp_path, GOOD)])
    assert result.exit_code == 0, result.stderr
    assert "valid" in result.stdout


@pytest.mark.parametrize("bad, where", [
    ("hosts: [{name: a, address: b, port: 70000}]", "hosts/0/port"),
    ("hosts: [{name: a}]", "hosts/0"),
    ("hosts: [{name: a, adress: b}]", "hosts/0"),
    ("hosts: []", "hosts"),
    ("defaults: {timeout: 0}\nhosts: [{name: a, address: b}]", "defaults/timeout"),
])
def test_invalid_inventory_is_rejected_with_its_location(tmp_path, bad, where):
    result = runner.invoke(app, ["validate", write(tmp_path, bad)])
    assert result.exit_code == 2
    assert where in result.stderr
    assert "Traceback" not in result.stderr


def test_every_problem_is_reported(tmp_path):
    result = runner.invoke(app, ["validate", write(tmp_path, "hosts: [{name: a, address: b, port: x, user: 1}]")])
    assert result.exit_code == 2
    assert "hosts/0/port" in result.stderr and "hosts/0/user" in result.stderr


def test_broken_yaml_and_missing_file(tmp_path):
    result = runner.invoke(app, ["validate", write(tmp_path, "hosts: [name: a\n  b: [")])
    assert result.exit_code == 2 and "line" in result.stderr
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_host_settings_win_over_defaults(tmp_path):
    import yaml
    web1, web2 = hosts(yaml.safe_load(GOOD))
    assert (web1["user"], web1["port"], web1["timeout"]) == ("ops", 22, 2)
    assert (web2["port"], web2["timeout"]) == (2222, 1.5)


def test_closed_port_is_unreachable():
    host = {"name": "local", "address": "127.0.0.1", "port": 1, "timeout": 2, "user": "x"}
    outcome = fanout.run_on_host(host, "true")
    assert outcome["status"] == "unreachable" and outcome["exit_code"] is None


def test_run_writes_the_report_and_fails_when_a_host_fails(tmp_path, monkeypatch):
    def fake(host, command):
        status = "ok" if host["name"] == "web1" else "timeout"
        return fanout.result(host, status, 0 if status == "ok" else None, "hi\n")

    monkeypatch.setattr(fanout, "run_on_host", fake)
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["run", "--inventory", write(tmp_path, GOOD), "--report", str(report), "uptime"])
    assert result.exit_code == 1
    data = json.loads(report.read_text())
    assert data["summary"] == {"ok": 1, "failed": 0, "timeout": 1, "unreachable": 0}
    assert [r["status"] for r in data["results"]] == ["ok", "timeout"]


def test_json_log_lines_carry_extra_fields():
    record = logging.LogRecord("opsctl.run", logging.WARNING, __file__, 1, "host %s", ("web3",), None)
    record.host, record.status = "web3", "timeout"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "warning" and entry["host"] == "web3" and entry["message"] == "host web3"


def test_health_metrics_follow_the_thresholds(tmp_path):
    config = tmp_path / "health.yaml"
    config.write_text("disks: [/]\nmax_disk_used_ratio: 1.0\nmax_memory_used_ratio: 1.0\n")
    families = {f.name: f for f in HealthCollector(load_config(config)).collect()}
    assert families["opsctl_healthy"].samples[0].value == 1
    assert 0 <= families["opsctl_disk_used_ratio"].samples[0].value <= 1
    config.write_text("disks: [/]\nmax_disk_used_ratio: 0.0\n")
    families = {f.name: f for f in HealthCollector(load_config(config)).collect()}
    assert families["opsctl_healthy"].samples[0].value == 0
PY
python3 -m pytest -q -p no:cacheprovider --cov=opsctl --cov-report=term-missing tests
