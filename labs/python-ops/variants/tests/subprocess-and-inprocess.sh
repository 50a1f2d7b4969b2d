#!/usr/bin/env bash
# expect: pass
# why: end-to-end tests through subprocess (python3 -m opsctl) plus in-process ones that carry the coverage
# needs: config, fanout, logging, health
set -euo pipefail
cat > /lab/tests/test_e2e.py <<'PY'
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from opsctl import cli, fanout, health, logs

ROOT = Path(__file__).resolve().parent.parent


def opsctl(*args):
    return subprocess.run([sys.executable, "-m", "opsctl", *args], cwd=ROOT, capture_output=True, text=True)


def test_shipped_inventory_is_valid():
    assert opsctl("validate", "hosts.yaml").returncode == 0


def test_invalid_inventory_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("hosts:\n  - name: web\n    address: web\n    port: http\n")
    result = opsctl("validate", str(bad))
    assert result.returncode == 2 and "port" in result.stderr


def test_in_process_validate_and_run(tmp_path, monkeypatch):
    runner = CliRunner(mix_stderr=False)
    inv = tmp_path / "i.yaml"
    inv.write_text("defaults: {timeout: 1}\nhosts: [{name: a, address: 127.0.0.1, port: 9}, {name: b, address: 127.0.0.1, port: 9}]\n")
    assert runner.invoke(cli.app, ["validate", str(inv)]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("hosts: [{address: x}]\n")
    assert runner.invoke(cli.app, ["validate", str(bad)]).exit_code == 2
    report = tmp_path / "r.json"
    result = runner.invoke(cli.app, ["run", "--inventory", str(inv), "--report", str(report), "true"])
    assert result.exit_code == 1
    assert json.loads(report.read_text())["summary"]["unreachable"] == 2


def test_yaml_error(tmp_path):
    p = tmp_path / "x.yaml"
    p.write_text("a: [\n")
    assert CliRunner(mix_stderr=False).invoke(cli.app, ["validate", str(p)]).exit_code == 2


def test_health_collector_and_config(tmp_path):
    cfg = tmp_path / "h.yaml"
    cfg.write_text("disks: [/]\nmax_disk_used_ratio: 1\nmax_memory_used_ratio: 1\n")
    values = {f.name: f.samples for f in health.HealthCollector(health.load_config(cfg)).collect()}
    assert values["opsctl_healthy"][0].value == 1 and values["opsctl_disk_used_ratio"][0].labels == {"path": "/"}


def test_logging_and_summary():
    logs.setup_logging()
    assert fanout.summarize([{"status": "ok"}, {"status": "timeout"}]) == {"ok": 1, "failed": 0, "timeout": 1, "unreachable": 0}
PY
cd /lab && python3 -m pytest -q -p no:cacheprovider --cov=opsctl tests | tail -3
