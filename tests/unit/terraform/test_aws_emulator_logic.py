"""Emulator ownership logic without starting one: command lines, health answer, orphans."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from labctl.aws import emulator, procs
from labctl.aws.serve import HEALTH_PATH, health_middleware
from labctl.env.record import EnvRecord, EnvStatus
from labctl.state import Store


def test_the_command_line_names_the_env_and_parses_back(tmp_path: Path) -> None:
    argv = emulator.serve_argv(tmp_path, "127.0.0.1", 4567)
    info = emulator._parse_serve(procs.Proc(42, tuple(argv)))
    assert info == emulator.EmulatorInfo(42, 4567, "127.0.0.1", str(tmp_path))
    assert info.endpoint == "http://127.0.0.1:4567"
    assert emulator._parse_serve(procs.Proc(1, ("python", "-m", "moto.server", "-p", "5000"))) is None
    assert emulator._parse_serve(procs.Proc(1, ("python", "-m", "labctl.aws.serve", "--port", "x"))) is None


def test_health_answers_with_the_owner_and_passes_everything_else_on() -> None:
    calls: list[str] = []

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"moto"]

    wrapped = health_middleware(app, "/envs/lab/e")
    status: list[str] = []
    body = b"".join(wrapped({"PATH_INFO": HEALTH_PATH}, lambda s, h: status.append(s)))
    assert json.loads(body)["workdir"] == "/envs/lab/e" and status == ["200 OK"] and calls == []
    assert b"".join(wrapped({"PATH_INFO": "/"}, lambda s, h: None)) == b"moto" and calls == ["/"]


def test_the_current_process_is_alive_and_a_dead_pid_is_not() -> None:
    assert procs.alive(os.getppid())
    assert not procs.alive(0)
    assert procs.inside(str(Path.cwd() / "x"), Path.cwd()) and not procs.inside(None, Path.cwd())


def test_orphans_are_emulators_without_env_or_workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       labctl_home: Path) -> None:
    envs = Path(os.environ["LABCTL_HOME"]) / "envs"
    kept, lost = envs / "lab" / "kept", envs / "lab" / "lost"
    kept.mkdir(parents=True, exist_ok=True)
    lost.mkdir(parents=True, exist_ok=True)
    foreign = tmp_path / "other-home" / "envs" / "lab" / "x"
    foreign.mkdir(parents=True)
    store = Store()
    store.save_env(EnvRecord(lab="lab", name="kept", status=EnvStatus.UP, seed="s", workdir=str(kept)))
    running = [
        emulator.EmulatorInfo(1, 1001, "127.0.0.1", str(kept)),
        emulator.EmulatorInfo(2, 1002, "127.0.0.1", str(lost)),
        emulator.EmulatorInfo(3, 1003, "127.0.0.1", str(tmp_path / "deleted")),
        emulator.EmulatorInfo(4, 1004, "127.0.0.1", str(foreign)),
    ]
    monkeypatch.setattr(emulator, "running_emulators", lambda: running)
    try:
        found = {info.pid: why for info, why in emulator.orphans()}
        assert found == {2: "state has no env lost of lab lab", 3: "its env's workdir no longer exists"}
        lines = emulator.orphan_findings()
        assert any("pid 2" in line and "`labctl down lab --env lost`" in line for line in lines)
        assert any("pid 3" in line and "`kill 3`" in line for line in lines)
    finally:
        store.delete_env("lab", "kept")
