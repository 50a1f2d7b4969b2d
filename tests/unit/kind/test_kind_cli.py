"""When kind is unavailable: `up` fails fast and clearly, `list`/`doctor` say why, `down` is a no-op.

PATH is narrowed to a folder of stand-in tools, so these tests behave the
same on a machine that has kind (CI elsewhere) as on one that has not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from labctl.cli.app import run
from labctl.core import tools
from labctl.k8s.host import inotify_findings
from labctl.state import Store


def make_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, present: tuple[str, ...]) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in present:
        shim = bin_dir / tool
        shim.write_text("#!/bin/sh\nexit 0\n")
        shim.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    tools.quick_present.cache_clear()
    return bin_dir


@pytest.fixture(autouse=True)
def _fresh_tool_cache() -> Iterator[None]:
    tools.quick_present.cache_clear()
    yield
    tools.quick_present.cache_clear()


def test_up_of_a_kind_lab_without_kind_exits_1_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_path(tmp_path, monkeypatch, ("docker", "kubectl"))
    code = run(["up", "phase3-k8s", "--env", "nokind"])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err
    assert "needs docker, kind, kubectl; missing on this machine: kind (docker, kubectl are here)" in err
    assert "https://kind.sigs.k8s.io/docs/user/quick-start/#installation" in err
    assert "`labctl list` shows which labs this machine can run" in err
    assert Store().get_env("phase3-k8s", "nokind") is None, "failing fast means no env record"


def test_every_missing_tool_is_named_with_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_path(tmp_path, monkeypatch, ())
    code = run(["up", "phase3-k8s", "--env", "nothing"])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert "missing on this machine: docker, kind, kubectl." in err
    assert "Install Docker" in err and "Install kind" in err and "Install kubectl" in err


def test_list_shows_kind_labs_as_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_path(tmp_path, monkeypatch, ("docker", "kubectl", "docker-compose"))
    assert run(["list", "--format", "json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["phase3-k8s"]["available"] is False
    assert rows["phase3-k8s"]["missing"] == ["kind"]
    from labctl.cli.output import console

    monkeypatch.setattr(console, "width", 240)
    assert run(["list"]) == 0
    table = " ".join(capsys.readouterr().out.split())
    assert "unavailable: needs kind" in table


def test_doctor_shows_kind_labs_as_unavailable(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from labctl.core import doctor

    monkeypatch.setattr(doctor, "probe", lambda name: tools.ToolStatus(name, name != "kind"))
    assert run(["doctor", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    labs = {lab["id"]: lab for lab in report["labs"]}
    assert labs["phase3-k8s"] == {"id": "phase3-k8s", "available": False, "missing": ["kind"]}


def test_down_and_status_of_a_kind_lab_without_kind_are_harmless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_path(tmp_path, monkeypatch, ("docker", "kubectl"))
    assert run(["down", "phase3-k8s", "--env", "never-made"]) == 0
    assert "nothing of it is left" in capsys.readouterr().out
    assert run(["status", "phase3-k8s"]) == 0


# -- the inotify finding ---------------------------------------------------------


def write_sysctl(root: Path, watches: int, instances: int) -> Path:
    (root / "fs" / "inotify").mkdir(parents=True)
    (root / "fs" / "inotify" / "max_user_watches").write_text(f"{watches}\n")
    (root / "fs" / "inotify" / "max_user_instances").write_text(f"{instances}\n")
    return root


def test_low_inotify_limits_are_a_finding_that_says_how_to_raise_them(tmp_path: Path) -> None:
    [finding] = inotify_findings(write_sysctl(tmp_path, 8192, 128))
    assert "fs.inotify.max_user_watches = 8192 (needs >= 524288)" in finding
    assert "fs.inotify.max_user_instances = 128 (needs >= 512)" in finding
    assert ("sudo sysctl -w fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512"
            in finding)
    assert "/etc/sysctl.d/" in finding


def test_only_the_low_limit_is_named(tmp_path: Path) -> None:
    [finding] = inotify_findings(write_sysctl(tmp_path, 1048576, 128))
    assert "max_user_watches" not in finding and "max_user_instances=512" in finding


def test_enough_inotify_or_no_proc_means_no_finding(tmp_path: Path) -> None:
    assert inotify_findings(write_sysctl(tmp_path / "ok", 524288, 512)) == []
    assert inotify_findings(tmp_path / "nowhere") == []


def test_doctor_runs_the_inotify_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from labctl.core import doctor
    from labctl.k8s import host

    monkeypatch.setattr(host, "PROC_SYS", write_sysctl(tmp_path, 100, 1))
    monkeypatch.setattr(doctor, "probe", lambda name: tools.ToolStatus(name, True))
    findings = doctor.run_doctor([])["findings"]
    assert any("inotify limits too low for kind clusters" in f for f in findings), findings
