"""Creating a class without Docker: validation, refusals, credentials, limits, subnets, parameters."""

from __future__ import annotations

import ipaddress
import shutil
from pathlib import Path

import pytest

from labctl import params as params_mod
from labctl.classroom import network
from labctl.classroom.classes import (
    PASSWORD_ALPHABET,
    create_class,
    format_duration,
    open_class,
    parse_duration,
    public_key,
)
from labctl.classroom.safety import service_problems
from labctl.errors import NotFoundError, UserInputError
from labctl.spec.loader import Lab, load_lab_dir
from labctl.state import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "state.db")


@pytest.fixture
def classlab(fixture_labs: Path) -> Lab:
    return load_lab_dir(fixture_labs / "classlab")


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("id,name,email,section\ns1,Ann,ann@x.org,A\ns2,Bob,bob@x.org,B\nS.3,Cy,cy@x.org,A\n")
    return path


def copy_lab(fixture_labs: Path, tmp_path: Path, edit: dict[str, tuple[str, str]]) -> Lab:
    """A copy of classlab with text replaced in some of its files."""
    dest = tmp_path / "labs" / "classlab"
    shutil.copytree(fixture_labs / "classlab", dest)
    for rel, (old, new) in edit.items():
        file = dest / rel
        text = file.read_text()
        assert old in text
        file.write_text(text.replace(old, new))
    return load_lab_dir(dest)


def test_create_stores_roster_credentials_and_settings(store: Store, classlab: Lab, roster: Path) -> None:
    result = create_class(store, "cs101", classlab, roster, seed="s33d", ttl_seconds=3600,
                          limits={"memory": "64m", "cpus": None, "pids": 50}, host="lab.example.org")
    assert result.warnings == []
    cls = open_class(store, "cs101")
    assert [s.id for s in cls.students] == ["s1", "s2", "S.3"]
    assert [s.env for s in cls.students][:2] == ["cs101-s1", "cs101-s2"]
    assert cls.students[2].env.startswith("cs101-s-3-")
    assert cls.students[0].extra == {"section": "A"}
    assert cls.record.seed == "s33d" and cls.record.ttl_seconds == 3600
    # the class overrides memory and pids; cpus stays the lab's (unset)
    assert cls.limits() == {"memory": "64m", "pids": 50}
    assert cls.settings["host"] == "lab.example.org" and cls.settings["expires_at"] is None
    passwords = [s.secret for s in cls.students]
    assert len(set(passwords)) == 3 and all(len(p) == 16 and set(p) <= set(PASSWORD_ALPHABET) for p in passwords)
    keys = {public_key(s.ssh_key) for s in cls.students}
    assert len(keys) == 3 and all(k.startswith("ssh-ed25519 ") for k in keys)
    assert cls.lab.path == classlab.path


def test_per_student_seeds_and_parameters_differ_and_are_reproducible(store: Store, classlab: Lab,
                                                                       roster: Path) -> None:
    cls = create_class(store, "c1", classlab, roster, seed="fixed").classroom
    seeds = [cls.seed_for(s) for s in cls.students]
    assert seeds == [params_mod.derive_seed("fixed", s.id) for s in cls.students]
    values = [params_mod.resolve(classlab.spec, seed) for seed in seeds]
    assert len({v["codeword"] for v in values} | {str(v["lucky"]) for v in values}) > 3
    assert values == [params_mod.resolve(classlab.spec, seed) for seed in seeds]


def test_class_name_rules_and_duplicates(store: Store, classlab: Lab, roster: Path) -> None:
    for bad in ("CS101", "a b", "-x", "x" * 25, ""):
        with pytest.raises(UserInputError, match="class name"):
            create_class(store, bad, classlab, roster)
    create_class(store, "dup", classlab, roster)
    with pytest.raises(UserInputError, match="already exists"):
        create_class(store, "dup", classlab, roster)


def test_env_names_of_two_classes_must_not_collide(store: Store, classlab: Lab, tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("id\nb-s1\n")
    second = tmp_path / "b.csv"
    second.write_text("id\ns1\n")
    create_class(store, "a", classlab, first)  # env a-b-s1
    with pytest.raises(UserInputError, match=r"b\.csv:2: env name 'a-b-s1' .* used by class a"):
        create_class(store, "a-b", classlab, second)


def test_bad_roster_creates_nothing(store: Store, classlab: Lab, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id\ns1\ns1\n")
    with pytest.raises(UserInputError, match=r"bad\.csv:3: duplicate id"):
        create_class(store, "x", classlab, bad)
    assert store.list_classes() == []


def test_invalid_limit_override(store: Store, classlab: Lab, roster: Path) -> None:
    with pytest.raises(UserInputError, match="--memory"):
        create_class(store, "x", classlab, roster, limits={"memory": "lots"})
    with pytest.raises(UserInputError, match="--cpus"):
        create_class(store, "x", classlab, roster, limits={"cpus": -1})


def test_host_docker_lab_is_refused_with_an_explanation(store: Store, fixture_labs: Path, tmp_path: Path,
                                                        roster: Path) -> None:
    lab = copy_lab(fixture_labs, tmp_path, {"lab.yaml": ("check_timeout: 10", "check_timeout: 10\nhost_docker: true")})
    with pytest.raises(UserInputError) as info:
        create_class(store, "p3", lab, roster)
    assert "drive a Docker engine themselves" in info.value.message
    assert "one private Docker engine per student" in info.value.message
    assert store.list_classes() == []


def test_lab_that_mounts_the_docker_socket_is_refused(store: Store, fixture_labs: Path, tmp_path: Path,
                                                      roster: Path) -> None:
    lab = copy_lab(fixture_labs, tmp_path, {"templates/compose.yaml.j2": (
        "    hostname: workspace\n",
        "    hostname: workspace\n    volumes: ['/var/run/docker.sock:/var/run/docker.sock']\n",
    )})
    with pytest.raises(UserInputError, match="mounts the Docker socket"):
        create_class(store, "x", lab, roster)


def test_lab_without_ssh_port_is_a_warning(store: Store, fixture_labs: Path, tmp_path: Path, roster: Path) -> None:
    lab = copy_lab(fixture_labs, tmp_path, {"lab.yaml": ("scheme: ssh}", "scheme: tcp}")})
    result = create_class(store, "x", lab, roster)
    assert any("no SSH access" in w for w in result.warnings)


def test_service_problems(tmp_path: Path) -> None:
    services = {
        "ok": {"volumes": ["data:/data", f"{tmp_path}/workspace:/work", "./files:/files", "/tmp:/t:ro"]},
        "bad": {"privileged": True, "network_mode": "host", "pid": "host", "cap_add": ["SYS_ADMIN", "NET_ADMIN"],
                "devices": ["/dev/kvm"], "volumes": [{"type": "bind", "source": "/run/docker.sock", "target": "/s"},
                                                     "../../etc:/etc2"]},
    }
    problems = service_problems(services, tmp_path)
    assert problems == [
        "service 'ok' mounts a host folder outside its env (/tmp)",
        "service 'bad' is privileged",
        "service 'bad' uses network_mode: host",
        "service 'bad' uses pid: host",
        "service 'bad' adds capabilities SYS_ADMIN",
        "service 'bad' maps host devices",
        "service 'bad' mounts the Docker socket (/run/docker.sock)",
        "service 'bad' mounts a host folder outside its env (../../etc)",
    ]


def test_open_unknown_class_suggests(store: Store, classlab: Lab, roster: Path) -> None:
    create_class(store, "cs101", classlab, roster)
    with pytest.raises(NotFoundError, match="Did you mean: cs101"):
        open_class(store, "cs10")
    with pytest.raises(NotFoundError, match="no student 'zz'"):
        open_class(store, "cs101").student("zz")


def test_durations() -> None:
    assert [parse_duration(x) for x in ("90m", "4h", "2d", "3600", "1.5h", "1w")] == [
        5400, 14400, 172800, 3600, 5400, 604800]
    for bad in ("4 hours", "-1h", "0", "h"):
        with pytest.raises(UserInputError):
            parse_duration(bad)
    assert format_duration(5400) == "1h30m" and format_duration(90000) == "1d1h"


def test_subnet_allocation_skips_used_blocks() -> None:
    pool = network.parse_pool("10.213.0.0/16")
    used = [ipaddress.IPv4Network("10.213.0.0/25"), ipaddress.IPv4Network("10.213.1.0/24")]
    got = network.allocate(pool, 3, used)
    assert [str(n) for n in got] == ["10.213.0.128/26", "10.213.0.192/26", "10.213.2.0/26"]
    assert len(used) == 5
    with pytest.raises(Exception, match="no free /26"):
        network.allocate(network.parse_pool("10.9.0.0/26"), 2, [])
    for bad, why in (("10.0.0.0/27", "too small"), ("8.8.0.0/16", "not a private"), ("nope", "not an IPv4")):
        with pytest.raises(UserInputError, match=why):
            network.parse_pool(bad)


def test_network_names_of_a_rendered_compose_file(classlab: Lab, tmp_path: Path) -> None:
    from labctl.core.validate import placeholder_context

    record = placeholder_context(classlab, tmp_path).record
    assert network.network_names(classlab, record) == ["default"]


def test_expiry_rules(store: Store, classlab: Lab, roster: Path) -> None:
    from labctl.classroom.reaper import expired, reap
    from labctl.classroom.status import expiry_text

    create_class(store, "ttl", classlab, roster, ttl_seconds=3600)
    create_class(store, "forever", classlab, roster)
    record = store.get_class("ttl")
    assert record is not None
    assert not expired(record, now=1e12)  # the clock starts at `class up`
    assert expiry_text(record) == "1h after `class up`"
    record.settings["expires_at"] = 1000.0
    assert expired(record, now=1000.0) and not expired(record, now=999.0)
    assert expiry_text(record, now=400.0) == "in 10m" and expiry_text(record, now=2000.0) == "due now"
    record.settings["reaped_at"] = 1001.0
    assert not expired(record, now=5000.0) and expiry_text(record) == "reaped"
    forever = store.get_class("forever")
    assert forever is not None and not expired(forever, now=1e12) and expiry_text(forever) == "never"
    assert reap(store) == []  # nothing expired: no Docker needed
