"""`labctl class --engine swarm` on a real Docker Swarm: two nodes on this machine.

The second node is a second Docker engine in its own network namespace (tests/swarmnode.py).
One 3-student class of the classlab fixture lab is shared by the module; the tests run in
file order and build on each other (up -> registry -> isolation -> ssh -> grade -> kill -9
and converge -> reset -> node down and reset elsewhere -> down leaves nothing). This
machine's kernel has no IPVS, so the routing mesh cannot work here: students' SSH ports
are published on their node (`--publish host`), and every service uses DNS round robin.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labctl import docker_engine as engine_mod
from labctl.state import Store
from support import cli, free_port, store_id
from swarmnode import SwarmUnderTest, run

pytestmark = pytest.mark.docker

CLASS = "swc"
STUDENTS = ["ann", "bob", "cy"]
SSH_OPTS = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=15"]


@pytest.fixture(scope="module")
def swarm(docker_engine: Any) -> Iterator[SwarmUnderTest]:
    made = SwarmUnderTest.start()
    made.note(store=store_id())  # if this run is killed, the next one removes what this store made
    try:
        print(f"swarm: manager {made.manager_id}, node 2 {made.node2_id or '-'} {made.why_single}")
        yield made
    finally:
        made.stop()


@pytest.fixture(scope="module")
def klass(swarm: SwarmUnderTest, fixture_labs_module: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("swarm-class")
    if swarm.node2 is not None:
        assert cli(["swarm", "endpoint", swarm.node2_id, swarm.node2.url])[0] == 0
    assert cli(["registry", "up", "--port", str(free_port())])[0] == 0
    roster = work / "roster.csv"
    roster.write_text("id,name\n" + "".join(f"{s},{s.title()}\n" for s in STUDENTS))
    code, _, _ = cli(["class", "create", CLASS, "--lab", "classlab", "--roster", str(roster), "--engine", "swarm",
                      "--host", "127.0.0.1", "--seed", "sw-seed", "--reserve-memory", "64m"], None, fixture_labs_module)
    assert code == 0
    try:
        started = time.monotonic()
        code, _, _ = cli(["class", "up", CLASS, "--parallel", "3"], None, fixture_labs_module)
        assert code == 0
        print(f"class of 3 up on the swarm in {time.monotonic() - started:.1f}s")
        yield work
    finally:
        cli(["class", "down", CLASS], None, fixture_labs_module)
        cli(["registry", "down"])


@pytest.fixture(scope="module")
def fixture_labs_module() -> Path:
    return Path(__file__).resolve().parents[1] / "fixtures" / "labs"


def status(capsys: pytest.CaptureFixture[str], labs: Path) -> dict[str, dict[str, Any]]:
    code, out, err = cli(["class", "status", CLASS, "-f", "json"], capsys, labs)
    assert code == 0, err
    return {row["student_id"]: row for row in json.loads(out)["students"]}


def handout(capsys: pytest.CaptureFixture[str], labs: Path) -> dict[str, dict[str, str]]:
    code, out, err = cli(["class", "access", CLASS, "--format", "csv"], capsys, labs)
    assert code == 0, err
    return {row["student_id"]: row for row in csv.DictReader(io.StringIO(out))}


def env_of(student: str) -> Any:
    record = Store().get_env("classlab", f"{CLASS}-{student}")
    assert record is not None
    return record


def node_client(swarm: SwarmUnderTest, node_id: str) -> Any:
    if node_id == swarm.manager_id:
        return engine_mod.client()
    assert swarm.node2 is not None and node_id == swarm.node2_id
    return engine_mod.client_at(swarm.node2.url)


def workspace(swarm: SwarmUnderTest, student: str) -> Any:
    """The student's workspace container, through the engine of the node it runs on."""
    node = env_of(student).data.swarm.node
    found = node_client(swarm, node).containers.list(
        filters={"label": [f"io.labctl.class={CLASS}", f"io.labctl.student={student}"]})
    assert len(found) == 1, found
    return found[0]


def sh(container: Any, script: str) -> tuple[int, str]:
    code, out = container.exec_run(["bash", "-c", script])
    return code, out.decode(errors="replace")


def ssh_key(row: dict[str, str], command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["ssh", *SSH_OPTS, "-o", "BatchMode=yes", "-o", "PasswordAuthentication=no", "-o", "IdentitiesOnly=yes",
         "-i", row["key_file"], "-p", row["port"], f"{row['user']}@{row['host']}", command],
        capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL,
    )


def ssh_password(row: dict[str, str], password: str, command: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    askpass = tmp / "askpass.sh"
    askpass.write_text('#!/bin/sh\nprintf "%s\\n" "$LABCTL_TEST_PASSWORD"\n')
    askpass.chmod(0o700)
    env = {**os.environ, "SSH_ASKPASS": str(askpass), "SSH_ASKPASS_REQUIRE": "force",
           "LABCTL_TEST_PASSWORD": password, "DISPLAY": ":0"}
    return subprocess.run(
        ["ssh", *SSH_OPTS, "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
         "-o", "NumberOfPasswordPrompts=1", "-p", row["port"], f"{row['user']}@{row['host']}", command],
        capture_output=True, text=True, timeout=90, env=env, stdin=subprocess.DEVNULL,
    )


def swarm_leftovers(labels: dict[str, str]) -> dict[str, int]:
    from labctl.backends.swarm import leftovers

    return leftovers(labels)


# -- the tests, in order ---------------------------------------------------------


def test_students_spread_over_the_nodes_each_in_their_own_stack(
        klass: Path, swarm: SwarmUnderTest, fixture_labs_module: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = status(capsys, fixture_labs_module)
    assert list(rows) == STUDENTS
    assert all(r["state"] == "up" and r["containers"] == "1/1 healthy" for r in rows.values()), rows
    nodes = {s: env_of(s).data.swarm.node for s in STUDENTS}
    if swarm.node2 is not None:
        assert set(nodes.values()) == {swarm.manager_id, swarm.node2_id}, nodes  # spread by free memory
    for s in STUDENTS:
        assert rows[s]["node"].endswith(f"({nodes[s][:12]})")
        record = env_of(s)
        registry = record.data.swarm.registry
        assert registry.startswith("127.0.0.1:") and record.data.images["ws"].startswith(f"{registry}/labctl/classlab-ws:")
        c = workspace(swarm, s)
        assert c.labels["io.labctl.store"] == record.store and c.labels["io.labctl.student"] == s
        assert c.labels["com.docker.stack.namespace"].startswith(f"labctl-{record.store}-")
        host = c.attrs["HostConfig"]
        assert host["Memory"] == 128 * 1024 * 1024 and host["PidsLimit"] == 128 and not host["Privileged"]
        nets = [n for n in c.attrs["NetworkSettings"]["Networks"] if n != "ingress"]
        assert len(nets) == 1 and nets[0].startswith(c.labels["com.docker.stack.namespace"])
    services = engine_mod.client().services.list(filters={"label": f"io.labctl.class={CLASS}"})
    assert len(services) == 3
    for svc in services:
        spec = svc.attrs["Spec"]
        assert spec["EndpointSpec"]["Mode"] == "dnsrr"
        assert spec["TaskTemplate"]["Resources"]["Reservations"]["MemoryBytes"] == 64 * 1024 * 1024
        assert spec["TaskTemplate"]["Placement"]["Constraints"] == [
            f"node.id=={env_of(spec['Labels']['io.labctl.student']).data.swarm.node}"]
        assert spec["TaskTemplate"]["RestartPolicy"]["Condition"] == "none"
    nets = engine_mod.client().networks.list(filters={"label": f"io.labctl.class={CLASS}"})
    subnets = {n.attrs["IPAM"]["Config"][0]["Subnet"] for n in nets}
    assert len(nets) == 3 and all(n.attrs["Driver"] == "overlay" for n in nets)
    assert len(subnets) == 3 and all(s.startswith("10.213.") for s in subnets)


def test_the_registry_serves_every_node_and_never_pushes_an_image_twice(
        klass: Path, swarm: SwarmUnderTest, fixture_labs_module: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from labctl import images
    from labctl.spec.loader import load_lab_dir
    from labctl.swarm import registry

    built = images.lab_images(load_lab_dir(fixture_labs_module / "classlab"))
    registry.forget_present()  # ask the registry itself, not this process's memory
    again = registry.publish(built, env_of("ann").data.swarm.registry, auth_config=registry.auth())
    assert again.pushed == [] and len(again.skipped) == len(built)
    code, out, err = cli(["registry", "status", "-f", "json"], capsys)
    assert code == 0, err
    st = json.loads(out)
    assert all(state.endswith("running") and not state.startswith("0/") for state in st["services"].values()
               if swarm.node2 is not None or "mirror" not in state)
    assert [n["reachable"] for n in st["nodes"]] == ["yes"] * (2 if swarm.node2 is not None else 1), st
    code, out, err = cli(["doctor", "-f", "json"], capsys)
    report = json.loads(out)["swarm"]
    assert report["state"] == "manager" and report["registry"] == st["address"]
    assert all(n["registry"] == "yes" and n["engine"] for n in report["nodes"]), report


def ssh_host_key(container: Any) -> str:
    """The container's own SSH host key (made at its first start: no two students share one)."""
    code, out = sh(container, "cut -d' ' -f2 /etc/ssh/ssh_host_ed25519_key.pub")
    assert code == 0 and out.strip(), out
    return out.strip()


def plant_marker(container: Any, student: str) -> str:
    """A token only this student's web server serves (at /probe-marker.txt)."""
    token = f"marker-{student}-{uuid.uuid4().hex}"
    code, out = sh(container, f"echo {token} > /srv/www/probe-marker.txt")
    assert code == 0, out
    return token


def probe(container: Any, target: str) -> str:
    """What `container` sees at `target` (an address or a name): the web page its port 8080
    serves and the SSH host key its port 22 presents, or nothing. A TCP connect alone proves
    nothing here: this machine's network accepts connections to any address it does not route
    itself, so the probe must see the other side's own answer."""
    _, web = sh(container, f"curl -sS -m 4 http://{target}:8080/probe-marker.txt 2>&1")
    _, key = sh(container, f"ssh-keyscan -T 4 -t ed25519 {target} 2>/dev/null")
    return f"{web}\n{key}"


def test_students_cannot_reach_each_other_by_ip_or_name(klass: Path, swarm: SwarmUnderTest) -> None:
    containers = {s: workspace(swarm, s) for s in STUDENTS}
    tokens = {s: plant_marker(c, s) for s, c in containers.items()}
    keys = {s: ssh_host_key(c) for s, c in containers.items()}
    assert len(set(keys.values())) == len(STUDENTS)
    a = containers["ann"]
    # Controls: the probe sees a reachable target. ann sees herself, by address and by her
    # service's name, and every other student's server answers on its overlay address (from
    # inside), so a probe of it from ann that sees nothing means ann cannot reach it.
    for target in ("127.0.0.1", "workspace"):
        seen = probe(a, target)
        assert tokens["ann"] in seen and keys["ann"] in seen, f"ann's probe of {target} saw: {seen}"
    ips = {}
    for student, b in containers.items():
        ips[student] = [n["IPAddress"] for n in b.attrs["NetworkSettings"]["Networks"].values() if n["IPAddress"]]
        assert ips[student], b.attrs["NetworkSettings"]
        for ip in ips[student]:
            seen = probe(b, ip)
            assert tokens[student] in seen and keys[student] in seen, f"{student} at {ip} saw: {seen}"
    code, out = sh(a, "getent hosts workspace")
    assert code == 0
    others = [s for s in STUDENTS if s != "ann"]
    if swarm.node2 is not None:  # across the swarm: at least one other student runs on the other node
        nodes = {s: env_of(s).data.swarm.node for s in STUDENTS}
        assert any(nodes[s] != nodes["ann"] for s in others), nodes
    for student in others:
        b = containers[student]
        assert not any(ip in out for ip in ips[student])  # `workspace` is ann's own
        stack = b.labels["com.docker.stack.namespace"]
        names = [f"{stack}_workspace", b.name, student, f"{CLASS}-{student}", "tasks.workspace",
                 f"tasks.{stack}_workspace"]
        for target in [*ips[student], *names]:
            seen = probe(a, target)
            assert tokens[student] not in seen and keys[student] not in seen, f"ann reached {student} at {target}: {seen}"
        for name in names:
            code, got = sh(a, f"getent hosts {name}")
            assert code != 0 or not any(ip in got for ip in ips[student]), f"ann resolved {student}'s {name}: {got}"
    assert sh(a, "test -e /var/run/docker.sock || test -e /run/docker.sock")[0] != 0


def test_students_log_in_over_ssh_on_their_node(klass: Path, swarm: SwarmUnderTest, fixture_labs_module: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    rows = handout(capsys, fixture_labs_module)
    assert list(rows) == STUDENTS
    for s in STUDENTS:
        expected = swarm.node2.node_ip if swarm.node2 and env_of(s).data.swarm.node == swarm.node2_id else "127.0.0.1"
        assert rows[s]["host"] == expected, rows[s]
    params = {s: env_of(s).params for s in STUDENTS}
    ann = rows["ann"]
    done = ssh_password(ann, ann["password"], f"whoami; echo {params['ann']['codeword']} > ~/codeword.txt; "
                        f"echo {params['ann']['lucky']} > /srv/www/lucky.txt", klass)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["learner"]
    bob = rows["bob"]  # bob copies ann's codeword (wrong for him) and publishes his own number
    done = ssh_key(bob, f"echo {params['ann']['codeword']} > ~/codeword.txt; echo {params['bob']['lucky']} > /srv/www/lucky.txt")
    assert done.returncode == 0, done.stderr
    wrong = ssh_password(ann, bob["password"], "true", klass)
    assert wrong.returncode == 255 and "Permission denied" in wrong.stderr


def test_grade_everyone_on_their_node_with_their_own_parameters(
        klass: Path, fixture_labs_module: Path, capfd: pytest.CaptureFixture[str]) -> None:
    # capfd, not capsys: `labctl exec` below prints through a `docker exec` child process, whose
    # output goes to file descriptor 1, past Python's sys.stdout
    code, _, err = cli(["class", "grade", CLASS, "--parallel", "3"], capfd, fixture_labs_module)
    assert code == 0, err
    code, out, _ = cli(["class", "report", CLASS, "--format", "csv"], capfd, fixture_labs_module)
    rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert (rows["ann"]["codeword"], rows["ann"]["lucky"], rows["ann"]["percent"]) == ("6", "4", "100")
    assert (rows["bob"]["codeword"], rows["bob"]["lucky"], rows["bob"]["total"]) == ("0", "4", "4")
    assert rows["cy"]["total"] == "0" and rows["cy"]["last_graded"]
    # a shell on the student's node, as the instructor opens it
    code, out, err = cli(["exec", "classlab", "workspace", "--env", f"{CLASS}-bob", "--", "cat", "/srv/www/lucky.txt"],
                         capfd, fixture_labs_module)
    assert code == 0 and out.strip() == str(env_of("bob").params["lucky"]), (code, out, err)


def test_kill_9_during_class_up_then_up_converges(klass: Path, swarm: SwarmUnderTest, fixture_labs_module: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    stack = workspace(swarm, "cy").labels["com.docker.stack.namespace"]
    run(["docker", "service", "rm", f"{stack}_workspace"])
    deadline = time.monotonic() + 60
    while status(capsys, fixture_labs_module)["cy"]["state"] != "gone" and time.monotonic() < deadline:
        time.sleep(1)
    assert status(capsys, fixture_labs_module)["cy"]["state"] == "gone"
    proc = subprocess.Popen([sys.executable, "-m", "labctl", "--labs-path", str(fixture_labs_module), "class", "up",
                             CLASS], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill it as soon as the stack is being re-made
        if engine_mod.client().services.list(filters={"label": "io.labctl.student=cy"}):
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    code, out, err = cli(["class", "up", CLASS, "-f", "json"], capsys, fixture_labs_module)
    assert code == 0, err
    results = {o["student"]: o["result"] for o in json.loads(out)}
    assert results["ann"] == results["bob"] == "up"  # untouched
    assert all(r["state"] == "up" for r in status(capsys, fixture_labs_module).values())
    done = ssh_key(handout(capsys, fixture_labs_module)["cy"], "whoami")
    assert done.returncode == 0 and done.stdout.strip() == "learner", done.stderr


def test_reset_one_student(klass: Path, swarm: SwarmUnderTest, fixture_labs_module: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    before = handout(capsys, fixture_labs_module)["ann"]
    old = workspace(swarm, "ann").id
    bob = workspace(swarm, "bob").id
    code, _, err = cli(["class", "reset", CLASS, "ann"], capsys, fixture_labs_module)
    assert code == 0, err
    after = workspace(swarm, "ann")
    assert after.id != old and workspace(swarm, "bob").id == bob
    assert sh(after, "test -e /home/learner/codeword.txt")[0] != 0  # her work is gone
    row = handout(capsys, fixture_labs_module)["ann"]
    assert (row["port"], row["password"], row["host"]) == (before["port"], before["password"], before["host"])
    done = ssh_password(row, row["password"], "whoami", klass)
    assert done.returncode == 0 and done.stdout.strip() == "learner", done.stderr
    assert status(capsys, fixture_labs_module)["ann"]["score"] is None


def test_a_student_whose_node_is_down_is_shown_and_reset_elsewhere(
        klass: Path, swarm: SwarmUnderTest, fixture_labs_module: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if swarm.node2 is None:
        pytest.skip(f"needs a second node: {swarm.why_single}")
    on_node2 = [s for s in STUDENTS if env_of(s).data.swarm.node == swarm.node2_id]
    assert on_node2
    who = on_node2[0]
    swarm.node2.stop_daemon()
    try:
        swarm.wait_node(swarm.node2_id, "down")
        row = status(capsys, fixture_labs_module)[who]
        assert row["state"] == "node-down" and f"labctl class reset {CLASS} {who}" in row["error"]
        code, out, err = cli(["class", "up", CLASS, "--student", who, "-f", "json"], capsys, fixture_labs_module)
        assert code == 1 and "class reset" in json.loads(out)[0]["error"]  # never moved behind their back
        code, _, err = cli(["class", "reset", CLASS, who], capsys, fixture_labs_module)
        assert code == 0, err
        assert env_of(who).data.swarm.node == swarm.manager_id
        row = handout(capsys, fixture_labs_module)[who]
        assert row["host"] == "127.0.0.1"
        done = ssh_key(row, "whoami")
        assert done.returncode == 0 and done.stdout.strip() == "learner", done.stderr
    finally:
        swarm.node2.start_daemon()
        swarm.wait_node(swarm.node2_id, "ready")


def test_down_leaves_nothing_on_any_node(klass: Path, swarm: SwarmUnderTest, fixture_labs_module: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(["class", "down", CLASS], capsys, fixture_labs_module)
    assert code == 0, err
    empty = {"services": 0, "networks": 0, "configs": 0, "secrets": 0, "containers": 0, "volumes": 0}
    deadline = time.monotonic() + 60  # a node that was down removes its old tasks' containers on its own
    while swarm_leftovers({"io.labctl.class": CLASS}) != empty and time.monotonic() < deadline:
        time.sleep(1)
    assert swarm_leftovers({"io.labctl.class": CLASS}) == empty
    assert Store().get_class(CLASS) is None
    code, _, err = cli(["registry", "down"], capsys)
    assert code == 0, err
    from labctl.env.labels import LABEL_STORE

    assert swarm_leftovers({LABEL_STORE: store_id(), "io.labctl.service": "registry"}) == empty


def test_an_aws_lab_runs_its_emulator_in_the_student_stack(
        swarm: SwarmUnderTest, fixture_labs_module: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Terraform labs too: the emulator is a service of the student's stack, labctl's scene
    apply and the grader reach it through a tunnel into that container."""
    roster = tmp_path / "r.csv"
    roster.write_text("id\nt1\n")
    code, _, err = cli(["class", "create", "swaws", "--lab", "aws-tiny", "--roster", str(roster), "--engine",
                        "swarm"], capsys, fixture_labs_module)
    assert code == 0, err
    try:
        code, out, err = cli(["class", "up", "swaws", "-f", "json"], capsys, fixture_labs_module)
        assert code == 0, (out, err)
        record = Store().get_env("aws-tiny", "swaws-t1")
        assert record is not None and record.data.aws["internal_endpoint"] == "http://aws:5000"
        services = engine_mod.client().services.list(filters={"label": "io.labctl.class=swaws"})
        assert [s.attrs["Spec"]["Labels"]["io.labctl.service"] for s in services] == ["aws"]
        code, out, err = cli(["class", "grade", "swaws", "-f", "json"], capsys, fixture_labs_module)
        assert code == 0, err
        code, out, _ = cli(["class", "report", "swaws", "--format", "json"], capsys, fixture_labs_module)
        assert json.loads(out)["students"][0]["percent"] == 100  # the bucket labctl applied, seen by the grader
    finally:
        assert cli(["class", "down", "swaws"], capsys, fixture_labs_module)[0] == 0
    empty = {"services": 0, "networks": 0, "configs": 0, "secrets": 0, "containers": 0, "volumes": 0}
    assert swarm_leftovers({"io.labctl.class": "swaws"}) == empty
