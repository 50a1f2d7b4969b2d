"""The compose -> stack translation (labctl.swarm.stack): nothing Swarm drops is lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labctl.errors import SpecError
from labctl.swarm.stack import Published, StackPlan, memory_bytes, translate, waves

LABELS = {"io.labctl.store": "abcd1234", "io.labctl.lab": "lab1", "io.labctl.env": "c-ann",
          "io.labctl.class": "c", "io.labctl.student": "ann"}


def plan(tmp_path: Path, **kw: Any) -> StackPlan:
    base: dict[str, Any] = dict(stack="labctl-abcd1234-lab1--c-ann", labels=LABELS, node="node1",
                                limits={"memory": "256m", "cpus": 1.0, "pids": 128}, workdir=tmp_path)
    return StackPlan(**{**base, **kw})


def test_limits_reservations_placement_labels_and_dnsrr(tmp_path: Path) -> None:
    doc = {"services": {"web": {"image": "img:1", "container_name": "web01", "build": "./web"}}}
    out = translate(doc, plan(tmp_path))
    web = out.doc["services"]["web"]
    assert out.doc["version"] == "3.9"
    assert "container_name" not in web and "build" not in web
    deploy = web["deploy"]
    assert deploy["resources"]["limits"] == {"memory": "256m", "cpus": "1.0", "pids": 128}
    assert deploy["resources"]["reservations"] == {"memory": "256m"}  # the limit: never overcommitted
    assert deploy["placement"]["constraints"] == ["node.id==node1"]
    assert deploy["restart_policy"] == {"condition": "none"}  # nothing re-created behind a student's back
    assert deploy["endpoint_mode"] == "dnsrr" and deploy["replicas"] == 1
    assert deploy["labels"] == {**LABELS, "io.labctl.service": "web"}
    assert web["labels"] == {**LABELS, "io.labctl.service": "web"}  # the containers' labels
    assert web["networks"] == ["default"]
    net = out.doc["networks"]["default"]
    assert net["driver"] == "overlay" and net["labels"] == LABELS and net["attachable"] is False
    assert any("container_name dropped" in n for n in out.notes)
    assert any("build dropped" in n for n in out.notes)


def test_template_limits_win_and_reservation_can_be_smaller(tmp_path: Path) -> None:
    doc = {"services": {"db": {"image": "db:1", "mem_limit": "1g", "pids_limit": 50, "cpus": 0.5}}}
    out = translate(doc, plan(tmp_path, reserve_memory="64m", reserve_cpus=0.1))
    res = out.doc["services"]["db"]["deploy"]["resources"]
    assert res["limits"] == {"memory": "1g", "cpus": "0.5", "pids": 50}
    assert res["reservations"] == {"memory": "64m", "cpus": "0.1"}
    assert "mem_limit" not in out.doc["services"]["db"]  # stack deploy rejects it at the top level


@pytest.mark.parametrize(("restart", "policy"), [
    (None, {"condition": "none"}), ("no", {"condition": "none"}), ("always", {"condition": "any"}),
    ("unless-stopped", {"condition": "any"}), ("on-failure:3", {"condition": "on-failure", "max_attempts": 3}),
])
def test_restart_becomes_a_restart_policy(tmp_path: Path, restart: str | None, policy: dict[str, Any]) -> None:
    svc: dict[str, Any] = {"image": "x"}
    if restart:
        svc["restart"] = restart
    out = translate({"services": {"s": svc}}, plan(tmp_path))
    assert out.doc["services"]["s"]["deploy"]["restart_policy"] == policy


def test_depends_on_becomes_deploy_waves(tmp_path: Path) -> None:
    doc = {"services": {
        "app": {"image": "a", "depends_on": {"db": {"condition": "service_healthy"}, "cache": {}}},
        "db": {"image": "d"},
        "cache": {"image": "c", "depends_on": ["db"]},
        "ws": {"image": "w"},
    }}
    out = translate(doc, plan(tmp_path))
    assert out.waves == [["db", "ws"], ["cache"], ["app"]]
    assert "depends_on" not in out.doc["services"]["app"]
    first = out.wave_doc(0)
    assert set(first["services"]) == {"db", "ws"} and first["networks"] == out.doc["networks"]
    assert set(out.wave_doc(2)["services"]) == {"db", "ws", "cache", "app"}


def test_depends_on_cycles_and_unknown_services_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cycle"):
        waves({"a": {"depends_on": ["b"]}, "b": {"depends_on": ["a"]}}, "f")
    with pytest.raises(SpecError, match="depends on nope"):
        waves({"a": {"depends_on": ["nope"]}}, "f")


def test_ssh_port_published_on_its_node_or_the_mesh(tmp_path: Path) -> None:
    doc = {"services": {"workspace": {"image": "w"}, "web": {"image": "n"}}}
    out = translate(doc, plan(tmp_path, publish=[Published("workspace", 22, 40022)]))
    ws = out.doc["services"]["workspace"]
    assert ws["ports"] == [{"target": 22, "published": 40022, "protocol": "tcp", "mode": "host"}]
    assert ws["deploy"]["endpoint_mode"] == "dnsrr" and "ports" not in out.doc["services"]["web"]
    mesh = translate(doc, plan(tmp_path, publish=[Published("workspace", 22, 40022)], publish_mode="mesh"))
    ws = mesh.doc["services"]["workspace"]
    assert ws["ports"][0]["mode"] == "ingress" and ws["deploy"]["endpoint_mode"] == "vip"


def test_template_ports_keep_working_but_not_on_one_address(tmp_path: Path) -> None:
    out = translate({"services": {"s": {"image": "x", "ports": ["8080:80", "9000/udp"]}}}, plan(tmp_path))
    assert out.doc["services"]["s"]["ports"] == [
        {"target": 80, "protocol": "tcp", "mode": "host", "published": 8080},
        {"target": 9000, "protocol": "udp", "mode": "host"},
    ]
    with pytest.raises(SpecError, match="every address"):
        translate({"services": {"s": {"image": "x", "ports": ["127.0.0.1:8080:80"]}}}, plan(tmp_path))


def test_rendered_files_become_configs_and_secrets_folders_live_on_the_node(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "app.ini").write_text("x=1\n")
    (tmp_path / "conf" / "run.sh").write_text("#!/bin/sh\n")
    (tmp_path / "conf" / "run.sh").chmod(0o755)
    (tmp_path / "db_password").write_text("s3cret\n")
    (tmp_path / "workspace" / "app").mkdir(parents=True)
    doc = {"services": {"app": {"image": "x", "volumes": [
        "./conf/app.ini:/etc/app.ini:ro",
        f"{tmp_path}/conf/run.sh:/usr/local/bin/run.sh",
        {"type": "bind", "source": str(tmp_path / "db_password"), "target": "/run/secrets/db_password"},
        f"{tmp_path}/workspace:/lab",
        f"{tmp_path}/workspace/app:/lab/app:ro",
        "data:/var/lib/data",
        "/just/a/path/in/the/container",
    ]}}, "volumes": {"data": {}}}
    out = translate(doc, plan(tmp_path, files_root="/var/lib/docker/volumes/x_labctl-files/_data"))
    app = out.doc["services"]["app"]
    assert app["configs"] == [
        {"source": "labctl-conf-app.ini", "target": "/etc/app.ini", "mode": 0o444},
        {"source": "labctl-conf-run.sh", "target": "/usr/local/bin/run.sh", "mode": 0o555},
    ]
    assert app["secrets"] == [{"source": "labctl-db_password", "target": "/run/secrets/db_password", "mode": 0o444}]
    configs = out.doc["configs"]
    assert configs["labctl-conf-app.ini"]["file"] == str(tmp_path / "conf" / "app.ini")
    assert configs["labctl-conf-app.ini"]["labels"] == LABELS
    assert configs["labctl-conf-app.ini"]["name"].startswith("labctl-abcd1234-lab1--c-ann-")
    assert out.doc["secrets"]["labctl-db_password"]["labels"] == LABELS
    root = "/var/lib/docker/volumes/x_labctl-files/_data"
    assert app["volumes"] == [
        {"type": "bind", "source": f"{root}/workspace", "target": "/lab", "read_only": False},
        {"type": "bind", "source": f"{root}/workspace/app", "target": "/lab/app", "read_only": True},
        "data:/var/lib/data",
        "/just/a/path/in/the/container",
    ]
    assert [f.rel for f in out.folders] == ["workspace", "workspace/app"]
    assert out.doc["volumes"]["data"]["labels"] == LABELS
    assert any("run.sh is mounted read-only" in n for n in out.notes)


def test_a_config_name_changes_with_its_content(tmp_path: Path) -> None:
    (tmp_path / "a.conf").write_text("1")
    doc = {"services": {"s": {"image": "x", "volumes": ["./a.conf:/a.conf"]}}}
    first = translate(doc, plan(tmp_path)).doc["configs"]["labctl-a.conf"]["name"]
    (tmp_path / "a.conf").write_text("2")
    assert translate(doc, plan(tmp_path)).doc["configs"]["labctl-a.conf"]["name"] != first


def test_mounts_outside_the_env_are_refused(tmp_path: Path) -> None:
    doc = {"services": {"s": {"image": "x", "volumes": ["/etc:/host-etc"]}}}
    with pytest.raises(SpecError, match="outside the env's folder"):
        translate(doc, plan(tmp_path))


@pytest.mark.parametrize("key", ["privileged", "network_mode", "pid", "devices", "security_opt", "shm_size",
                                 "links", "volumes_from"])
def test_keys_swarm_cannot_honour_are_refused(tmp_path: Path, key: str) -> None:
    doc = {"services": {"s": {"image": "x", key: "host" if key != "privileged" else True}}}
    with pytest.raises(SpecError, match=f"uses '{key}'") as info:
        translate(doc, plan(tmp_path))
    assert info.value.field == f"services.s.{key}"


def test_unknown_keys_are_refused_not_dropped(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="does not support"):
        translate({"services": {"s": {"image": "x", "gpus": "all"}}}, plan(tmp_path))


def test_networks_become_overlays_with_the_chosen_subnets(tmp_path: Path) -> None:
    doc = {"services": {"a": {"image": "x", "networks": {"front": {"aliases": ["web01"]}, "back": None}}},
           "networks": {"front": {}, "back": {"driver": "bridge", "driver_opts": {"x": "1"}},
                        "ext": {"external": True}}}
    out = translate(doc, plan(tmp_path, subnets={"front": "10.213.0.0/26", "back": "10.213.0.64/26"}))
    nets = out.doc["networks"]
    assert nets["front"]["ipam"] == {"config": [{"subnet": "10.213.0.0/26"}]}
    assert nets["back"]["driver"] == "overlay" and "driver_opts" not in nets["back"]
    assert nets["ext"] == {"external": True}
    assert out.doc["services"]["a"]["networks"] == {"front": {"aliases": ["web01"]}, "back": None}
    with pytest.raises(SpecError, match="ipv4_address"):
        translate({"services": {"a": {"image": "x", "networks": {"front": {"ipv4_address": "1.2.3.4"}}}},
                   "networks": {"front": {}}}, plan(tmp_path))
    with pytest.raises(SpecError, match="macvlan"):
        translate({"services": {"a": {"image": "x"}}, "networks": {"default": {"driver": "macvlan"}}},
                  plan(tmp_path))


def test_service_names_must_fit_swarm(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="too long"):
        translate({"services": {"x" * 40: {"image": "x"}}}, plan(tmp_path))


def test_an_image_is_required(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot build"):
        translate({"services": {"s": {"build": "."}}}, plan(tmp_path))


def test_global_services_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"deploy\.mode global"):
        translate({"services": {"s": {"image": "x", "deploy": {"mode": "global"}}}}, plan(tmp_path))


def test_healthchecks_and_other_passed_keys_stay(tmp_path: Path) -> None:
    svc = {"image": "x", "healthcheck": {"disable": True}, "cap_add": ["NET_ADMIN"], "sysctls": {"a": 1},
           "ulimits": {"nofile": 1024}, "init": True, "hostname": "web01", "environment": {"A": "1"},
           "x-note": "kept out"}
    out = translate({"services": {"s": svc}, "x-anchor": {"a": 1}}, plan(tmp_path)).doc["services"]["s"]
    for key in ("healthcheck", "cap_add", "sysctls", "ulimits", "init", "hostname", "environment"):
        assert out[key] == svc[key]
    assert "x-note" not in out


@pytest.mark.parametrize(("text", "value"), [("256m", 256 << 20), ("1g", 1 << 30), ("512k", 512 << 10),
                                             ("1024", 1024), ("1.5g", int(1.5 * (1 << 30))), (None, 0)])
def test_memory_bytes(text: str | None, value: int) -> None:
    assert memory_bytes(text) == value


def test_memory_bytes_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="not understood"):
        memory_bytes("lots")
