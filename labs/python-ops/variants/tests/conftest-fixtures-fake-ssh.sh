#!/usr/bin/env bash
# expect: pass
# why: fixtures in tests/conftest.py, parametrized bad inventories, a fake paramiko client for ok/failed/timeout
# needs: config, fanout, logging, health
set -euo pipefail
cat > /lab/tests/conftest.py <<'PY'
import pytest
from typer.testing import CliRunner


@pytest.fixture
def cli():
    from opsctl.cli import app

    runner = CliRunner(mix_stderr=False)
    return lambda *args: runner.invoke(app, list(args))


@pytest.fixture
def inv(tmp_path):
    def make(text):
        p = tmp_path / "hosts.yaml"
        p.write_text(text)
        return str(p)
    return make
PY
cat > /lab/tests/test_validate.py <<'PY'
import pytest

GOOD = "hosts:\n  - name: a\n    address: b\n"


def test_good(cli, inv):
    assert cli("validate", inv(GOOD)).exit_code == 0


@pytest.mark.parametrize("text", [
    "hosts: []\n",
    "hosts:\n  - name: a\n",
    "hosts:\n  - name: a\n    address: b\n    port: -1\n",
    "hosts:\n  - name: a\n    address: b\n    colour: red\n",
    "defaults:\n  timeout: -2\n" + GOOD,
])
def test_bad(cli, inv, text):
    result = cli("validate", inv(text))
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_missing_file(cli, tmp_path):
    assert cli("validate", str(tmp_path / "nope")).exit_code == 2
PY
cat > /lab/tests/test_fanout.py <<'PY'
import socket

import paramiko
import pytest

from opsctl import fanout

HOST = {"name": "h", "address": "x", "port": 22, "timeout": 0.5, "user": "u", "key_file": None}


class FakeChannel:
    def __init__(self, code, out, hang=False):
        self.code, self.out, self.hang = code, out, hang

    def exec_command(self, cmd):
        pass

    def recv_ready(self):
        return bool(self.out)

    def recv(self, n):
        out, self.out = self.out, b""
        return out

    def exit_status_ready(self):
        return not self.hang

    def recv_exit_status(self):
        return self.code


class FakeClient:
    channel = None
    fail = None

    def set_missing_host_key_policy(self, policy):
        pass

    def connect(self, *a, **kw):
        if self.fail:
            raise self.fail

    def get_transport(self):
        return self

    def open_session(self, timeout=None):
        return FakeClient.channel

    def close(self):
        pass


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(paramiko, "SSHClient", FakeClient)
    FakeClient.fail = None
    return FakeClient


@pytest.mark.parametrize("code, status", [(0, "ok"), (3, "failed")])
def test_exit_codes(fake, code, status):
    fake.channel = FakeChannel(code, b"hello\n")
    row = fanout.run_on_host(HOST, "cmd")
    assert (row["status"], row["exit_code"], row["stdout"]) == (status, code, "hello\n")


def test_hang_times_out(fake):
    fake.channel = FakeChannel(0, b"", hang=True)
    assert fanout.run_on_host(HOST, "cmd")["status"] == "timeout"


@pytest.mark.parametrize("error, status", [(socket.timeout(), "timeout"), (ConnectionRefusedError(), "unreachable"),
                                           (paramiko.AuthenticationException(), "unreachable")])
def test_connect_errors(fake, error, status):
    fake.fail = error
    assert fanout.run_on_host(HOST, "cmd")["status"] == status


def test_cli_report(fake, cli, inv, tmp_path):
    fake.channel = FakeChannel(0, b"hi\n")
    report = tmp_path / "r.json"
    result = cli("run", "--inventory", inv("hosts: [{name: a, address: b}]\n"), "--report", str(report), "uptime")
    assert result.exit_code == 0 and '"ok": 1' in report.read_text()
PY
cat > /lab/tests/test_health_and_logs.py <<'PY'
import json
import logging

from opsctl.health import HealthCollector
from opsctl.logs import JsonFormatter


def test_unhealthy_when_disk_above_threshold():
    fams = {f.name: f for f in HealthCollector({"disks": ["/"], "max_disk_used_ratio": -1, "max_memory_used_ratio": 1}).collect()}
    assert fams["opsctl_healthy"].samples[0].value == 0


def test_json_line():
    rec = logging.LogRecord("x", logging.INFO, "f", 1, "hi %s", ("there",), None)
    assert json.loads(JsonFormatter().format(rec))["message"] == "hi there"
PY
cd /lab && python3 -m pytest -q -p no:cacheprovider --cov=opsctl tests | tail -3
