"""The fixtures' own error messages (no Docker): unknown services and ports, nothing listening."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from labctl.grading.context import GradingContext, PortInfo, TaskChecks
from labctl.grading.fixtures import EnvInfo, Hosts, Http
from labctl.grading.messages import CheckProblem


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ctx(tmp_path: Path, **kw: object) -> GradingContext:
    kw.setdefault("workspace_service", "web")
    return GradingContext(
        lab="demo", lab_path=str(tmp_path), env="e", project="labctl-demo-e", workdir=str(tmp_path),
        workspace=str(tmp_path / "workspace"), tasks=[TaskChecks("t", ["checks/test_t.py"])],
        params={"x": 1}, containers={"web": "labctl-demo-e-web-1"},
        ports=[PortInfo("web", "web", 80, "http", closed_port()), PortInfo("ssh", "web", 22, "ssh", 2222)],
        **kw,  # type: ignore[arg-type]
    )


def test_hosts_name_the_running_services(tmp_path: Path) -> None:
    hosts = Hosts(ctx(tmp_path))
    assert hosts.container() == "labctl-demo-e-web-1"  # the workspace service by default
    with pytest.raises(CheckProblem, match=r"service 'db' is not running in this env \(running: web\)"):
        hosts.container("db")
    no_ws = Hosts(ctx(tmp_path, workspace_service=None))
    with pytest.raises(CheckProblem, match="no workspace service"):
        no_ws.container()


def test_http_urls_and_unreachable_ports(tmp_path: Path) -> None:
    c = ctx(tmp_path, bind_address="0.0.0.0")
    http = Http(c, Hosts(c))
    port = c.ports[0].host_port
    assert http.url("web", "a/b") == f"http://127.0.0.1:{port}/a/b"
    assert http.url("ssh") == "http://127.0.0.1:2222/"
    with pytest.raises(CheckProblem, match=r"no port named 'db' \(ports: web, ssh\)"):
        http.url("db")
    with pytest.raises(CheckProblem, match=f"nothing answers on http://127.0.0.1:{port}/x"):
        http.get("web", "/x", timeout=2)


def test_workspace_files_cannot_escape_the_workspace(tmp_path: Path) -> None:
    info = EnvInfo.from_context(ctx(tmp_path))
    ws = tmp_path / "workspace"
    (ws / "sub").mkdir(parents=True)
    (ws / "ok.txt").write_text("fine")
    (tmp_path / "secret").write_text("host secret")
    (ws / "link").symlink_to(tmp_path / "secret")
    (ws / "inner").symlink_to(ws / "ok.txt")
    assert info.workspace_file("ok.txt").read_text() == "fine"
    assert info.workspace_file("inner").read_text() == "fine"
    assert info.workspace_file("sub/../ok.txt") == (ws / "ok.txt").resolve()
    for bad in ("link", "../secret", "/etc/passwd"):
        with pytest.raises(CheckProblem, match="points outside it"):
            info.workspace_file(bad)


def test_env_info_mirrors_the_context(tmp_path: Path) -> None:
    info = EnvInfo.from_context(ctx(tmp_path))
    assert info.lab == "demo" and info.workspace == tmp_path / "workspace"
    assert info.containers == {"web": "labctl-demo-e-web-1"} and info.params == {"x": 1}
    assert set(info.ports) == {"web", "ssh"}
