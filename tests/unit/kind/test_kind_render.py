"""Kind backend rendering: the cluster config (golden files) and the decorated manifests.

Regenerate the golden files after an intended change with
`LABCTL_UPDATE_GOLDEN=1 pytest tests/unit/kind/test_kind_render.py`, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from labctl.backends.kind import KindBackend
from labctl.env.context import EnvContext
from labctl.env.naming import MAX_CLUSTER_NAME
from labctl.env.record import EnvData, EnvRecord, EnvStatus, KindData
from labctl.errors import SpecError
from labctl.params import resolve
from labctl.spec.loader import load_lab_dir

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
FIXTURES = HERE.parents[1] / "fixtures" / "labs"
UPDATE = os.environ.get("LABCTL_UPDATE_GOLDEN") == "1"


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert path.is_file(), f"missing golden file {path}; run with LABCTL_UPDATE_GOLDEN=1"
    assert text == path.read_text(), f"{name} differs from its golden file"


def write_lab(root: Path, kind_part: str, templates: dict[str, str]) -> Path:
    lab = root / "klab"
    (lab / "templates").mkdir(parents=True)
    (lab / "tasks").mkdir()
    (lab / "checks").mkdir()
    (lab / "tasks" / "t.md").write_text("# t\n")
    (lab / "checks" / "test_t.py").write_text("def test_t():\n    pass\n")
    for name, text in templates.items():
        (lab / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (lab / "templates" / name).write_text(text)
    (lab / "lab.yaml").write_text(
        "id: klab\ntitle: K\nphase: 0\nenvironment:\n  kind:\n" + kind_part
        + "tasks:\n  - {id: t, title: T, points: 1, instructions: tasks/t.md, checks: [checks/test_t.py]}\n"
    )
    return lab


def backend(lab_dir: Path, workdir: Path, *, env: str = "alice", ports: dict[str, int] | None = None,
            api_port: int = 41234, bind: str = "127.0.0.1") -> KindBackend:
    lab = load_lab_dir(lab_dir)
    record = EnvRecord(
        lab=lab.id, name=env, status=EnvStatus.CREATING, seed="s", workdir=str(workdir),
        params=resolve(lab.spec, None), ports=dict(ports or {}), store="5eed5eed",
        data=EnvData(project=f"labctl-5eed5eed-{lab.id}--{env}", bind_address=bind,
                     images={"web": "labctl/kind-basic-web:0123456789ab"},
                     kind=KindData(api_server_port=api_port or None)),
    )
    return KindBackend(EnvContext(lab=lab, record=record))


def test_fixture_lab_uses_the_shared_template_golden(tmp_path: Path) -> None:
    b = backend(FIXTURES / "kind-basic", tmp_path, ports={"web": 41001})
    written = b.render()
    assert written[0] == tmp_path / "kind" / "cluster.yaml"
    golden("kind-basic-cluster.yaml", written[0].read_text())
    config = yaml.safe_load(written[0].read_text())
    assert config["name"] == "labctl-5eed5eed-kind-basic--alice"
    assert config["networking"] == {"apiServerAddress": "127.0.0.1", "apiServerPort": 41234}
    assert config["nodes"] == [{"role": "control-plane", "extraPortMappings": [
        {"containerPort": 30081, "hostPort": 41001, "listenAddress": "127.0.0.1", "protocol": "TCP"}]}]


def test_decorated_manifests_golden(tmp_path: Path) -> None:
    b = backend(FIXTURES / "kind-basic", tmp_path, ports={"web": 41001})
    written = b.render()
    names = [p.relative_to(tmp_path).as_posix() for p in written]
    assert names == ["kind/cluster.yaml", "kind/manifests/crd.yaml", "kind/manifests/app.yaml"]
    for path in written[1:]:
        golden(f"kind-basic-manifests/{path.name}", path.read_text())
    by_name = {m.name: m for m in b.manifests() if m.kind != "Service"}
    # namespaced objects get the lab's namespace, custom resources too (their CRD says Namespaced)
    assert by_name["web"].namespace == "kb" and by_name["w1"].namespace == "kb"
    assert by_name["kb"].namespace is None and by_name["widgets.labctl.test"].namespace is None
    # ownership labels everywhere, and on pod templates with the workload's name
    for m in b.manifests():
        assert m.obj["metadata"]["labels"]["io.labctl.env"] == "alice"
    template = by_name["web"].obj["spec"]["template"]["metadata"]["labels"]
    assert template == {"app": "web", "io.labctl.store": "5eed5eed", "io.labctl.lab": "kind-basic", "io.labctl.env": "alice",
                        "io.labctl.workload": "web"}
    # image variants are template variables
    image = by_name["web"].obj["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == "labctl/kind-basic-web:blue"


def test_three_nodes_two_ports_bound_to_all_addresses_golden(tmp_path: Path) -> None:
    lab = write_lab(tmp_path, (
        "    config: kind/cluster.yaml.j2\n    nodes: 3\n    ports:\n"
        "      - {name: web, service: web, target: 30080}\n"
        "      - {name: dns, service: dns, target: 30053, protocol: udp, scheme: tcp}\n"
    ), {})
    b = backend(lab, tmp_path / "env", env="bob", ports={"web": 42000, "dns": 42001}, bind="0.0.0.0")
    text = b.render()[0].read_text()
    golden("three-nodes-cluster.yaml", text)
    nodes = yaml.safe_load(text)["nodes"]
    assert [n["role"] for n in nodes] == ["control-plane", "worker", "worker"]
    assert [(m["hostPort"], m["containerPort"], m["protocol"], m["listenAddress"])
            for m in nodes[0]["extraPortMappings"]] == [(42000, 30080, "TCP", "0.0.0.0"),
                                                        (42001, 30053, "UDP", "0.0.0.0")]


def test_a_lab_template_is_corrected_where_it_must_not_differ_golden(tmp_path: Path) -> None:
    custom = (
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: whatever\n"
        "networking:\n  apiServerAddress: 0.0.0.0\n  podSubnet: 10.244.0.0/16\n"
        "nodes:\n  - role: control-plane\n    labels: {ingress-ready: \"true\"}\n"
    )
    lab = write_lab(tmp_path, "    ports:\n      - {name: web, service: web, target: 30080}\n",
                    {"kind.yaml.j2": custom})
    text = backend(lab, tmp_path / "env", ports={"web": 43000}).render()[0].read_text()
    golden("custom-corrected-cluster.yaml", text)
    config = yaml.safe_load(text)
    assert config["name"] == "labctl-5eed5eed-klab--alice"
    assert config["networking"] == {"apiServerAddress": "127.0.0.1", "podSubnet": "10.244.0.0/16",
                                    "apiServerPort": 41234}
    assert config["nodes"][0]["labels"] == {"ingress-ready": "true"}
    assert config["nodes"][0]["extraPortMappings"][0]["hostPort"] == 43000


def test_api_server_port_is_chosen_once_and_kept(tmp_path: Path) -> None:
    b = backend(FIXTURES / "kind-basic", tmp_path, ports={"web": 41001}, api_port=0)
    b.ctx.record.data.kind = KindData()
    b.render()
    port = b.ctx.record.data.kind.api_server_port
    assert isinstance(port, int) and 1024 < port < 65536 and port != 41001
    b.render()
    assert b.ctx.record.data.kind.api_server_port == port
    assert b.ctx.record.data.kind.kubeconfig == str(tmp_path / "kubeconfig")
    assert b.env_vars() == {"KUBECONFIG": str(tmp_path / "kubeconfig")}


@pytest.mark.parametrize(("nodes", "template", "message"), [
    (2, "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes: [{role: control-plane}]\n",
     "has 1 nodes but lab.yaml asks for 2"),
    (1, "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha3\n", "apiVersion: kind.x-k8s.io/v1alpha4"),
    (1, "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes: [{role: worker}]\n",
     "no control-plane node"),
    (1, "kind: Cluster\napiVersion: [\n", "not valid YAML"),
])
def test_a_broken_kind_config_is_a_spec_error_naming_the_template(
    tmp_path: Path, nodes: int, template: str, message: str
) -> None:
    lab = write_lab(tmp_path, f"    nodes: {nodes}\n", {"kind.yaml.j2": template})
    with pytest.raises(SpecError) as err:
        backend(lab, tmp_path / "env").render()
    assert "kind.yaml.j2" in str(err.value) and message in str(err.value)


def test_a_manifest_without_a_name_is_refused(tmp_path: Path) -> None:
    lab = write_lab(tmp_path, "    manifests: [m.yaml.j2]\n",
                    {"m.yaml.j2": "apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-}\n"})
    with pytest.raises(SpecError) as err:
        backend(lab, tmp_path / "env").render()
    assert "m.yaml.j2" in str(err.value) and "metadata.name" in str(err.value)


def test_the_lab_namespace_is_added_when_no_manifest_makes_it(tmp_path: Path) -> None:
    lab = write_lab(tmp_path, "    namespace: work\n    manifests: [m.yaml.j2]\n",
                    {"m.yaml.j2": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"})
    b = backend(lab, tmp_path / "env")
    written = b.render()
    assert (tmp_path / "env" / "kind" / "manifests" / "_namespace.yaml") in written
    assert [(m.kind, m.name, m.namespace) for m in b.manifests()] == [
        ("Namespace", "work", None), ("ConfigMap", "c", "work")]


def test_rerender_removes_stale_manifests(tmp_path: Path) -> None:
    stale = tmp_path / "kind" / "manifests" / "old.yaml"
    stale.parent.mkdir(parents=True)
    stale.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\n")
    backend(FIXTURES / "kind-basic", tmp_path, ports={"web": 41001}).render()
    assert not stale.exists()


def test_a_long_cluster_name_is_shortened_stably(tmp_path: Path) -> None:
    b = backend(FIXTURES / "kind-basic", tmp_path, env="e" * 40, ports={"web": 1})
    b.render()
    name = b.cluster_name
    assert len(name) <= MAX_CLUSTER_NAME and name.startswith("labctl-5eed5eed-kind-basic")
    assert name == backend(FIXTURES / "kind-basic", tmp_path / "again", env="e" * 40, ports={"web": 1}).cluster_name
    other = backend(FIXTURES / "kind-basic", tmp_path / "other", env="e" * 39, ports={"web": 1}).cluster_name
    assert other != name
