"""The compose backend and env lifecycle against the real Docker engine."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from labctl.backends.compose import leftovers
from labctl.spec.loader import load_lab_dir
from support import cli, owned, store_id

# The core of the compose lifecycle runs on both Compose CLIs (v2, and v1 while it is supported).
pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("compose_cli")]




def labctl_proc(args: list[str], labs: Path, **kw: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "labctl", "--labs-path", str(labs), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw,
    )


def test_engine_answers(docker_engine: Any) -> None:
    info = docker_engine.info()
    assert info["ServerVersion"]
    assert docker_engine.ping()


def test_up_status_exec_second_up_and_down(docker_engine: Any, fixture_labs: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["up", "basic", "--env", "life"], capsys, fixture_labs)
    assert code == 0, err
    assert "is up" in out and "labctl shell basic --env life" in out

    code, out, _ = cli(["status", "basic", "--env", "life", "--format", "json"], capsys, fixture_labs)
    env = json.loads(out)["envs"][0]
    assert env["status"] == "up"
    assert {c["name"] for c in env["components"]} == {"web", "workspace"}
    assert all(c["healthy"] for c in env["components"])
    port = env["ports"]["web"]
    assert requests.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    containers = docker_engine.containers.list(filters={"label": ["io.labctl.env=life"]})
    for c in containers:
        assert c.labels["io.labctl.lab"] == "basic"
        bindings = c.attrs["HostConfig"]["PortBindings"] or {}
        for binds in bindings.values():
            assert all(b["HostIp"] == "127.0.0.1" for b in binds)
    before = sorted(c.id for c in containers)

    # exec runs in the named service with the env's parameters applied
    proc = subprocess.run(
        [sys.executable, "-m", "labctl", "--labs-path", str(fixture_labs), "exec", "basic",
         "workspace", "--env", "life", "--", "sh", "-c", "echo $LAB_COLOR; hostname"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [env["params"]["color"], "workspace"]

    # a second up is a no-op
    code, out, _ = cli(["up", "basic", "--env", "life"], capsys, fixture_labs)
    assert code == 0 and "already up; nothing changed" in out
    after = sorted(c.id for c in docker_engine.containers.list(filters={"label": ["io.labctl.env=life"]}))
    assert after == before

    code, _, _ = cli(["down", "basic", "--env", "life"], capsys, fixture_labs)
    assert code == 0
    assert owned("basic", "life") == {"containers": 0, "networks": 0, "volumes": 0}
    # down is safe to repeat
    code, _, _ = cli(["down", "basic", "--env", "life"], capsys, fixture_labs)
    assert code == 0


def test_two_envs_side_by_side(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ports = []
    try:
        for env in ("left", "right"):
            code, _, err = cli(["up", "basic", "--env", env], capsys, fixture_labs)
            assert code == 0, err
            code, out, _ = cli(["status", "basic", "--env", env, "-f", "json"], capsys, fixture_labs)
            ports.append(json.loads(out)["envs"][0]["ports"]["web"])
        assert ports[0] != ports[1]
        for port in ports:
            assert requests.get(f"http://127.0.0.1:{port}/", timeout=5).ok
    finally:
        for env in ("left", "right"):
            cli(["down", "basic", "--env", env], capsys, fixture_labs)
    assert owned("basic", "left")["containers"] == owned("basic", "right")["containers"] == 0


def test_unhealthy_service_names_service_and_shows_log_tail(fixture_labs: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code, _, err = cli(["up", "unhealthy", "--env", "sick"], capsys, fixture_labs)
        assert code == 1
        assert "service 'db'" in err and "healthcheck" in err
        assert "fatal: /etc/db.conf is missing" in err
        assert "Traceback" not in err
        code, out, _ = cli(["status", "unhealthy", "--env", "sick", "-f", "json"], capsys, fixture_labs)
        env = json.loads(out)["envs"][0]
        assert env["status"] == "failed" and "db" in env["error"]
    finally:
        code, _, _ = cli(["down", "unhealthy", "--env", "sick"], capsys, fixture_labs)
    assert code == 0 and owned("unhealthy", "sick")["containers"] == 0


def test_kill_9_during_up_then_up_and_down_converge(docker_engine: Any, fixture_labs: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    proc = labctl_proc(["up", "basic", "--env", "crash"], fixture_labs)
    deadline = time.monotonic() + 60
    # Kill as soon as the first container exists: compose is mid-way through creating the env.
    while time.monotonic() < deadline:
        if docker_engine.containers.list(all=True, ignore_removed=True, filters={"label": ["io.labctl.env=crash"]}):
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    try:
        code, out, err = cli(["up", "basic", "--env", "crash"], capsys, fixture_labs)
        assert code == 0, err
        code, out, _ = cli(["status", "basic", "--env", "crash", "-f", "json"], capsys, fixture_labs)
        env = json.loads(out)["envs"][0]
        assert env["status"] == "up" and all(c["healthy"] for c in env["components"])
    finally:
        code, _, _ = cli(["down", "basic", "--env", "crash"], capsys, fixture_labs)
    assert code == 0 and owned("basic", "crash") == {"containers": 0, "networks": 0, "volumes": 0}


def test_down_finds_env_after_state_is_lost(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from labctl.cli.common import store

    code, _, err = cli(["up", "basic", "--env", "lost"], capsys, fixture_labs)
    assert code == 0, err
    store().delete_env("basic", "lost")  # simulate a lost or stale state row
    code, out, _ = cli(["status", "--format", "json"], capsys, fixture_labs)
    untracked = [(u["lab"], u["env"], u["containers"]) for u in json.loads(out)["untracked"]]
    assert ("basic", "lost", 2) in untracked
    code, _, _ = cli(["down", "basic", "--env", "lost"], capsys, fixture_labs)
    assert code == 0 and owned("basic", "lost") == {"containers": 0, "networks": 0, "volumes": 0}


def test_down_all_removes_tracked_and_untracked_envs(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from labctl.cli.common import store

    # `trio` is used by no other test, so --all cannot remove someone else's env.
    for env in ("one", "two"):
        code, _, err = cli(["up", "trio", "--env", env], capsys, fixture_labs)
        assert code == 0, err
    store().delete_env("trio", "two")
    code, out, _ = cli(["down", "trio", "--all"], capsys, fixture_labs)
    assert code == 0 and "'one' is down" in out and "'two' is down" in out
    assert leftovers({"io.labctl.store": store_id(), "io.labctl.lab": "trio"}) == \
        {"containers": 0, "networks": 0, "volumes": 0}


def test_reset_keeps_parameters_and_recreates(docker_engine: Any, fixture_labs: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code, _, err = cli(["up", "basic", "--env", "again"], capsys, fixture_labs)
        assert code == 0, err
        _, out, _ = cli(["status", "basic", "-e", "again", "-f", "json"], capsys, fixture_labs)
        before = json.loads(out)["envs"][0]
        ids = {c.id for c in docker_engine.containers.list(filters={"label": ["io.labctl.env=again"]})}
        code, _, err = cli(["reset", "basic", "--env", "again"], capsys, fixture_labs)
        assert code == 0, err
        _, out, _ = cli(["status", "basic", "-e", "again", "-f", "json"], capsys, fixture_labs)
        after = json.loads(out)["envs"][0]
        assert after["params"] == before["params"] and after["status"] == "up"
        new_ids = {c.id for c in docker_engine.containers.list(filters={"label": ["io.labctl.env=again"]})}
        assert new_ids and not (new_ids & ids)
    finally:
        cli(["down", "basic", "--env", "again"], capsys, fixture_labs)


def test_unreachable_engine_is_one_clear_line(fixture_labs: Path, tmp_path: Path) -> None:
    env = {**os.environ, "DOCKER_HOST": f"unix://{tmp_path}/no-docker.sock"}
    proc = subprocess.run(
        [sys.executable, "-m", "labctl", "--labs-path", str(fixture_labs), "up", "basic", "--env", "x"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert proc.returncode == 1
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "no Docker engine is reachable" in lines[0] and "docker info" in lines[0]


def test_image_not_rebuilt_when_inputs_unchanged(docker_engine: Any, fixture_labs: Path, tmp_path: Path) -> None:
    import shutil

    from labctl import images

    shutil.copytree(fixture_labs / "basic", tmp_path / "basic")
    lab = load_lab_dir(tmp_path / "basic")
    img = images.lab_images(lab)[0]
    images.build(img, lambda _: None)
    first_id = docker_engine.images.get(img.tag).id
    assert images.build(img, lambda _: None) is False, "unchanged inputs must not rebuild"
    assert docker_engine.images.get(img.tag).id == first_id
    # any change to the build context gives a new tag, so it builds
    (tmp_path / "basic" / "images" / "app" / "extra.txt").write_text("changed")
    changed = images.lab_images(load_lab_dir(tmp_path / "basic"))[0]
    assert changed.tag != img.tag
    try:
        assert images.build(changed, lambda _: None) is True
    finally:
        docker_engine.images.remove(changed.tag, force=True)
