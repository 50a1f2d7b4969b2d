"""Placement by capacity, the swarm settings file, stack names, the swarm part of env records."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.env.naming import MAX_STACK_NAME, project_name, stack_name
from labctl.env.record import EnvData, SwarmData
from labctl.errors import LabctlError, SpecError
from labctl.spec.kinds import ENGINES
from labctl.swarm import config
from labctl.swarm.cluster import Endpoint
from labctl.swarm.placement import Capacity, Demand, choose
from labctl.swarm.tunnel import frames, relay_argv

GIB = 1 << 30


def nodes() -> list[Capacity]:
    return [Capacity("n1", "big", 8 * GIB, 4, used_memory=2 * GIB), Capacity("n2", "small", 4 * GIB, 2),
            Capacity("n3", "busy", 8 * GIB, 4, used_memory=7 * GIB)]


def test_each_env_goes_where_the_most_memory_is_left() -> None:
    caps = nodes()
    demand = Demand(GIB, 0.0, 3)
    placed = [choose(caps, demand, f"s{i}").name for i in range(6)]
    # big has 6 GiB free, small 4, busy 1: a spread by free memory, never past a node's size
    assert placed == ["big", "big", "small", "big", "small", "big"]  # ties: the emptier node
    assert caps[0].free_memory == 2 * GIB and caps[1].free_memory == 2 * GIB
    assert caps[2].placed == []


def test_no_room_says_where_and_what_to_do() -> None:
    caps = [Capacity("n1", "only", 2 * GIB, 2, used_memory=GIB + GIB // 2)]
    with pytest.raises(LabctlError, match="no swarm node has room for ann's env") as info:
        choose(caps, Demand(GIB, 0, 3), "ann")
    assert "only: 512 MiB free" in info.value.message and "--reserve-memory" in (info.value.hint or "")


def test_cpu_reservations_and_container_caps_count() -> None:
    caps = [Capacity("n1", "a", 8 * GIB, 1.0, used_cpus=0.9), Capacity("n2", "b", 2 * GIB, 4, max_containers=4)]
    assert choose(caps, Demand(GIB // 4, 0.5, 3), "x").name == "b"
    with pytest.raises(LabctlError):
        choose(caps, Demand(GIB // 4, 0.5, 3), "y")  # b would hold 6 containers, a has no CPU left


def test_settings_file_round_trip_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "swarm.yaml"
    monkeypatch.setenv(config.ENV_CONFIG, str(path))
    assert config.load() == config.SwarmSettings()
    settings = config.SwarmSettings(nodes={"w1": config.NodeSettings(endpoint="ssh://lab@w1", address="w1.example")},
                                    registry=config.RegistrySettings(port=5001, password="x" * 24))
    config.save(settings)
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # it holds the registry's password
    assert config.load() == settings and settings.registry is not None
    assert settings.registry.address == "127.0.0.1:5001"
    path.write_text("nodes:\n  w1:\n    endpoint: http://w1:2375\n")
    with pytest.raises(SpecError, match="must start with one of unix://") as info:
        config.load()
    assert info.value.field == "nodes.w1.endpoint"
    path.write_text("nodes: {w1: {endpont: ssh://x}}\n")
    with pytest.raises(SpecError) as info:
        config.load()
    assert info.value.field == "nodes.w1.endpont"


def test_endpoints_as_env_and_cli() -> None:
    local = Endpoint()
    assert local.local and local.env() == {} and local.cli() == ["docker"]
    tls = Endpoint("tcp://w2:2376", "/etc/tls/w2")
    assert tls.env() == {"DOCKER_HOST": "tcp://w2:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/etc/tls/w2"}
    assert tls.cli()[:3] == ["docker", "-H", "tcp://w2:2376"] and "--tlsverify" in tls.cli()
    assert Endpoint.from_env(tls.env()) == tls


def test_stack_names_keep_the_store_and_fit_swarm() -> None:
    short = project_name("abcd1234", "phase1", "c-ann")
    assert stack_name(short) == short
    long = project_name("abcd1234", "classlab", "itc-ann-lee-2a39e9")
    name = stack_name(long)
    assert len(name) == MAX_STACK_NAME and name.startswith("labctl-abcd1234-")
    assert name != stack_name(project_name("abcd1234", "classlab", "itc-ann-lee-2a39ea"))


def test_env_data_keeps_its_swarm_part() -> None:
    data = EnvData(engine="swarm", swarm=SwarmData(node="n1", node_name="w1", registry="127.0.0.1:5000",
                                                   reserve_memory="128m"))
    raw = data.to_dict()
    assert raw["engine"] == "swarm" and raw["swarm"]["node"] == "n1"
    assert EnvData.from_dict(raw) == data
    assert "swarm" not in EnvData().to_dict()  # nothing written for envs on this machine
    assert EnvData.from_dict({"kind": {"cluster": "c"}}).kind.cluster == "c"


def test_the_engines_table() -> None:
    swarm = ENGINES["swarm"]
    assert swarm.parts(["terraform"]) == ["compose", "terraform"]  # the stack runs the emulator
    assert swarm.parts(["compose", "terraform"]) == ["compose", "terraform"]
    assert "kind" in swarm.refused and "kind" not in swarm.backends
    assert ENGINES["compose"].parts(["compose", "terraform"]) == ["terraform", "compose"]


def test_docker_stream_frames() -> None:
    buf = bytearray()
    head = bytes([1, 0, 0, 0, 0, 0, 0, 5])
    assert list(frames(buf, head + b"hel")) == []
    assert list(frames(buf, b"lo" + bytes([2, 0, 0, 0, 0, 0, 0, 1]) + b"!")) == [(1, b"hello"), (2, b"!")]
    assert buf == bytearray()


def test_relay_runs_python_or_bash() -> None:
    argv = relay_argv(8080)
    assert argv[:2] == ["sh", "-c"] and argv[-1] == "8080" and "python3" in argv[2]
