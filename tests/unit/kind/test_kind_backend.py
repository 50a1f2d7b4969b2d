"""The kind backend's orchestration, with a stand-in `kind` CLI and the fake API server.

The stand-in records every kind command and, on `create cluster`, writes a
kubeconfig that points at the fake API server: so apply (server-side apply in
CRD-safe order), wait, targets, status and destroy run their real code paths.
What a real kind would do (containers, kubelets) is tested in
tests/integration/test_kind.py wherever kind exists.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from fakekube import FakeKube, serve, write_kubeconfig

from labctl.backends.kind import KindBackend
from labctl.env.context import EnvContext
from labctl.env.record import EnvData, EnvRecord, EnvStatus
from labctl.params import resolve
from labctl.spec.loader import load_lab_dir

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "labs"

FAKE_KIND = r"""#!/bin/bash
# a stand-in for kind: log the call, keep a list of clusters, write kubeconfigs
echo "$*" >> "$FAKE_KIND_DIR/calls"
touch "$FAKE_KIND_DIR/clusters"
arg() { local want="$1"; shift; while [ $# -gt 0 ]; do [ "$1" = "$want" ] && { echo "$2"; return; }; shift; done; }
case "$1 $2" in
  "get clusters")
    if [ -s "$FAKE_KIND_DIR/clusters" ]; then cat "$FAKE_KIND_DIR/clusters"; else echo "No kind clusters found." >&2; fi ;;
  "create cluster")
    cp "$FAKE_KIND_DIR/kubeconfig" "$(arg --kubeconfig "$@")"
    arg --name "$@" >> "$FAKE_KIND_DIR/clusters" ;;
  "export kubeconfig")
    cp "$FAKE_KIND_DIR/kubeconfig" "$(arg --kubeconfig "$@")" ;;
  "delete cluster")
    name="$(arg --name "$@")"; grep -vx "$name" "$FAKE_KIND_DIR/clusters" > "$FAKE_KIND_DIR/c.new" || true
    mv "$FAKE_KIND_DIR/c.new" "$FAKE_KIND_DIR/clusters" ;;
  "load docker-image") ;;
  *) echo "unexpected: $*" >&2; exit 3 ;;
esac
"""


@pytest.fixture
def fake_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    state = tmp_path / "fake-kind"
    state.mkdir()
    script = state / "bin" / "kind"
    script.parent.mkdir()
    script.write_text(FAKE_KIND)
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_KIND_DIR", str(state))
    monkeypatch.delenv("LABCTL_KIND_NODE_IMAGE", raising=False)
    return state


def calls(state: Path, *, queries: bool = False) -> list[str]:
    """The kind commands run so far (without `get clusters` unless asked)."""
    path = state / "calls"
    lines = path.read_text().splitlines() if path.exists() else []
    return [c for c in lines if queries or c != "get clusters"]


def make_backend(workdir: Path) -> KindBackend:
    lab = load_lab_dir(FIXTURES / "kind-basic")
    record = EnvRecord(
        lab=lab.id, name="t1", status=EnvStatus.CREATING, seed="s", workdir=str(workdir),
        params=resolve(lab.spec, None), ports={"web": 45001}, store="5eed5eed",
        data=EnvData(project="labctl-5eed5eed-kind-basic--t1",
                     images={"web": "labctl/kind-basic-web:0123456789ab", "web:blue": "labctl/kind-basic-web:blue"}),
    )
    return KindBackend(EnvContext(lab=lab, record=record))


def test_up_status_targets_down(tmp_path: Path, fake_kind: Path) -> None:
    workdir = tmp_path / "env"
    with serve(FakeKube(auto_ready=True)) as fake:
        write_kubeconfig(fake_kind / "kubeconfig", fake.url, "kind-labctl-5eed5eed-kind-basic--t1")
        b = make_backend(workdir)
        assert b.status() == [], "no cluster yet: nothing to show"
        b.render()
        b.apply()
        b.wait_ready(60)
        kubeconfig = workdir / "kubeconfig"
        assert calls(fake_kind)[0] == (
            f"create cluster --name labctl-5eed5eed-kind-basic--t1 --config {workdir}/kind/cluster.yaml "
            f"--wait 120s --kubeconfig {kubeconfig}")
        assert calls(fake_kind)[1] == ("load docker-image --name labctl-5eed5eed-kind-basic--t1 "
                                       "labctl/kind-basic-web:0123456789ab labctl/kind-basic-web:blue")
        applied = [r.path.rsplit("/", 2)[-2:] for r in fake.applied()]
        assert applied == [["namespaces", "kb"], ["customresourcedefinitions", "widgets.labctl.test"],
                           ["configmaps", "web-content"], ["services", "web"], ["deployments", "web"],
                           ["jobs", "seed"], ["widgets", "w1"]]

        rows = {(r.kind, r.name): r for r in b.status()}
        assert rows[("kind cluster", "labctl-5eed5eed-kind-basic--t1")].healthy
        assert rows[("deployment", "kb/web")].state == "1/1 available"
        assert rows[("job", "kb/seed")].healthy

        targets = b.targets()
        assert list(targets) == ["web"], "a Job's finished pod is no target"
        url = targets["web"]
        assert url == (f"kubectl://web-0?namespace=kb&container=web&kubeconfig={str(kubeconfig).replace('/', '%2F')}"
                       "&context=kind-labctl-5eed5eed-kind-basic--t1")
        from testinfra.backend import parse_hostspec

        name, kw = parse_hostspec(url)
        assert (name, kw["connection"], kw["namespace"], kw["container"], kw["kubeconfig"], kw["context"]) == (
            "web-0", "kubectl", "kb", "web", str(kubeconfig), "kind-labctl-5eed5eed-kind-basic--t1")

        # up again: the cluster exists, so only its kubeconfig is refreshed; apply converges
        before = len(fake.applied())
        b.apply()
        assert calls(fake_kind)[-2].startswith("export kubeconfig --name labctl-5eed5eed-kind-basic--t1 --kubeconfig ")
        assert len(fake.applied()) == before + 7

        b.destroy()
        assert calls(fake_kind)[-1] == f"delete cluster --name labctl-5eed5eed-kind-basic--t1 --kubeconfig {kubeconfig}"
        assert b.status() == []
        n = len(calls(fake_kind, queries=True))
        b.destroy()
        assert calls(fake_kind, queries=True)[n:] == ["get clusters"], "down of a removed cluster is a no-op"


def test_destroy_never_lets_kind_touch_the_users_kubeconfig(tmp_path: Path, fake_kind: Path) -> None:
    (fake_kind / "clusters").write_text("labctl-5eed5eed-kind-basic--t1\n")
    b = make_backend(tmp_path / "gone")  # the workdir was already removed
    b.destroy()
    last = calls(fake_kind)[-1]
    assert last.startswith("delete cluster --name labctl-5eed5eed-kind-basic--t1 --kubeconfig /")
    assert "gone" not in last and ".kube" not in last


def test_a_failing_kind_create_explains_what_to_check(tmp_path: Path, fake_kind: Path) -> None:
    from labctl.errors import LabctlError

    script = fake_kind / "bin" / "kind"
    script.write_text(FAKE_KIND.replace('  "create cluster")\n',
                                        '  "create cluster")\n    echo "ERROR: failed to pull image" >&2; exit 1\n'))
    b = make_backend(tmp_path / "env")
    b.render()
    with pytest.raises(LabctlError) as err:
        b.apply()
    assert err.value.message == "kind could not create the cluster labctl-5eed5eed-kind-basic--t1 (exit 1)."
    assert "labctl doctor" in (err.value.hint or "") and "LABCTL_KIND_NODE_IMAGE" in (err.value.hint or "")
    assert "failed to pull image" in (err.value.details or "")


def test_node_image_override(tmp_path: Path, fake_kind: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABCTL_KIND_NODE_IMAGE", "kindest/node:v1.30.0")
    with serve(FakeKube(auto_ready=True)) as fake:
        write_kubeconfig(fake_kind / "kubeconfig", fake.url, "kind-labctl-5eed5eed-kind-basic--t1")
        b = make_backend(tmp_path / "env")
        b.render()
        b.apply()
    assert calls(fake_kind)[0].endswith("--image kindest/node:v1.30.0")


def test_the_record_keeps_what_grading_needs(tmp_path: Path) -> None:
    b = make_backend(tmp_path / "env")
    b.render()
    kind: dict[str, Any] = b.ctx.record.data.to_dict()["kind"]
    assert kind["cluster"] == "labctl-5eed5eed-kind-basic--t1"
    assert kind["context"] == "kind-labctl-5eed5eed-kind-basic--t1"
    assert kind["namespace"] == "kb" and kind["kubeconfig"] == str(tmp_path / "env" / "kubeconfig")
    json.dumps(kind)  # stored in the state database as JSON
