#!/usr/bin/env bash
# expect: fail
# why: many tests with good coverage, but every one feeds valid input: nothing proves an invalid inventory is refused
# needs: config, fanout, logging, health
# feedback: accepts anything
set -euo pipefail
cat > /lab/tests/test_happy.py <<'PY'
import json
import logging

import paramiko
import pytest
from typer.testing import CliRunner

from opsctl import fanout
from opsctl.cli import app
from opsctl.health import HealthCollector, load_config
from opsctl.logs import JsonFormatter, setup_logging

runner = CliRunner(mix_stderr=False)
GOOD = "defaults: {user: u, timeout: 1}\nhosts: [{name: a, address: 127.0.0.1, port: 9}]\n"


def test_lab_inventory_is_valid():
    assert runner.invoke(app, ["validate", "hosts.yaml"]).exit_code == 0


def test_own_inventory_is_valid(tmp_path):
    p = tmp_path / "h.yaml"
    p.write_text(GOOD)
    assert runner.invoke(app, ["validate", str(p)]).exit_code == 0


def test_version():
    assert runner.invoke(app, ["version"]).exit_code == 0


class Chan:
    def exec_command(self, c):
        pass

    def recv_ready(self):
        return False

    def exit_status_ready(self):
        return True

    def recv_exit_status(self):
        return 0


class Client:
    def set_missing_host_key_policy(self, p):
        pass

    def connect(self, *a, **k):
        pass

    def get_transport(self):
        return self

    def open_session(self, timeout=None):
        return Chan()

    def close(self):
        pass


def test_run_ok(tmp_path, monkeypatch):
    monkeypatch.setattr(paramiko, "SSHClient", Client)
    inv, rep = tmp_path / "h.yaml", tmp_path / "r.json"
    inv.write_text(GOOD)
    assert runner.invoke(app, ["run", "--inventory", str(inv), "--report", str(rep), "true"]).exit_code == 0
    assert json.loads(rep.read_text())["summary"]["ok"] == 1


def test_unreachable_host():
    assert fanout.run_on_host({"name": "a", "address": "127.0.0.1", "port": 9, "timeout": 1}, "x")["status"] == "unreachable"


def test_logging():
    setup_logging()
    rec = logging.LogRecord("n", logging.INFO, "f", 1, "m", (), None)
    assert json.loads(JsonFormatter().format(rec))["message"] == "m"


def test_health(tmp_path):
    cfg = tmp_path / "h.yaml"
    cfg.write_text("disks: [/]\nmax_disk_used_ratio: 1\nmax_memory_used_ratio: 1\n")
    assert [f.name for f in HealthCollector(load_config(cfg)).collect()][-1] == "opsctl_healthy"
PY
cd /lab && python3 -m pytest -q -p no:cacheprovider --cov=opsctl tests | tail -3
