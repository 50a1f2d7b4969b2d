"""`labctl class` against the real Docker engine: one 5-student class shared by the module.

The tests run in file order and build on each other (up -> isolation -> ssh and
students' work -> grade and reports -> kill -9 and converge -> reset -> reap -> down).
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
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import requests

from labctl import params as params_mod
from labctl.backends.compose import leftovers
from labctl.state import Store
from support import cli

pytestmark = pytest.mark.docker

FIXTURE_LABS = Path(__file__).resolve().parents[1] / "fixtures" / "labs"
CLASS = "itc"
ROSTER = """id,name,email,section
ann.lee,Ann Lee,ann@example.org,A
bob,Bob Ray,bob@example.org,A
cy,Cy Dee,cy@example.org,B
dee,Dee Eff,dee@example.org,B
eve,Eve Gee,eve@example.org,B
"""
STUDENTS = ["ann.lee", "bob", "cy", "dee", "eve"]
SSH_OPTS = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=10"]




def class_leftovers() -> dict[str, int]:
    return leftovers({"io.labctl.class": CLASS})


@pytest.fixture(scope="module")
def klass(docker_engine: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 5-student class of the classlab fixture lab, up; removed at the end whatever happens."""
    fixture_labs = FIXTURE_LABS
    work = tmp_path_factory.mktemp("class")
    roster = work / "roster.csv"
    roster.write_text(ROSTER)
    code, _, _ = cli(["class", "create", CLASS, "--lab", "classlab", "--roster", str(roster), "--seed", "it-seed",
                      "--ttl", "4h", "--host", "127.0.0.1", "--pids", "96"], None, fixture_labs)
    assert code == 0
    try:
        started = time.monotonic()
        code, _, _ = cli(["class", "up", CLASS, "--parallel", "5"], None, fixture_labs)
        assert code == 0
        print(f"class of 5 up in {time.monotonic() - started:.1f}s")
        yield work
    finally:
        cli(["class", "down", CLASS], None, fixture_labs)


def status(capsys: pytest.CaptureFixture[str], labs: Path) -> dict[str, dict[str, Any]]:
    code, out, err = cli(["class", "status", CLASS, "-f", "json"], capsys, labs)
    assert code == 0, err
    return {row["student_id"]: row for row in json.loads(out)["students"]}


def handout(capsys: pytest.CaptureFixture[str], labs: Path) -> dict[str, dict[str, str]]:
    code, out, err = cli(["class", "access", CLASS, "--format", "csv"], capsys, labs)
    assert code == 0, err
    return {row["student_id"]: row for row in csv.DictReader(io.StringIO(out))}


def workspace(docker_engine: Any, student: str) -> Any:
    found = docker_engine.containers.list(filters={"label": [f"io.labctl.class={CLASS}",
                                                             f"io.labctl.student={student}"]})
    assert len(found) == 1, found
    return found[0]


def sh(container: Any, script: str) -> tuple[int, str]:
    code, out = container.exec_run(["bash", "-c", script])
    return code, out.decode(errors="replace")


def ssh_password(row: dict[str, str], password: str, command: str, askpass_dir: Path) -> subprocess.CompletedProcess[str]:
    """A real ssh client, password authentication only (the password comes from SSH_ASKPASS)."""
    askpass = askpass_dir / "askpass.sh"
    askpass.write_text('#!/bin/sh\nprintf "%s\\n" "$LABCTL_TEST_PASSWORD"\n')
    askpass.chmod(0o700)
    env = {**os.environ, "SSH_ASKPASS": str(askpass), "SSH_ASKPASS_REQUIRE": "force",
           "LABCTL_TEST_PASSWORD": password, "DISPLAY": ":0"}
    return subprocess.run(
        ["ssh", *SSH_OPTS, "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
         "-o", "NumberOfPasswordPrompts=1", "-p", row["port"], f"{row['user']}@{row['host']}", command],
        capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL,
    )


def ssh_key(row: dict[str, str], command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["ssh", *SSH_OPTS, "-o", "BatchMode=yes", "-o", "PasswordAuthentication=no", "-o", "IdentitiesOnly=yes",
         "-i", row["key_file"], "-p", row["port"], f"{row['user']}@{row['host']}", command],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


# -- the tests, in order ---------------------------------------------------------


def test_five_students_up_each_in_their_own_env(klass: Path, docker_engine: Any, fixture_labs: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    rows = status(capsys, fixture_labs)
    assert list(rows) == STUDENTS
    assert all(r["state"] == "up" and r["containers"] == "1/1 healthy" for r in rows.values()), rows
    ports = [p for r in rows.values() for p in r["ports"].values()]
    assert len(set(ports)) == len(ports) == 10
    projects, subnets = set(), set()
    for sid in STUDENTS:
        c = workspace(docker_engine, sid)
        projects.add(c.labels["com.docker.compose.project"])
        assert c.labels["io.labctl.lab"] == "classlab" and c.labels["io.labctl.env"] == rows[sid]["env"]
        host = c.attrs["HostConfig"]
        assert host["Memory"] == 128 * 1024 * 1024 and host["PidsLimit"] == 96  # lab limit + class override
        # labctl probed readiness itself; Docker does not re-run the probe every second all class long
        assert c.attrs["Config"]["Healthcheck"]["Test"] == ["NONE"]
        assert json.loads(c.labels["io.labctl.healthcheck"])["argv"][0] == "bash"
        assert not host["Privileged"] and not any("docker.sock" in b for b in host.get("Binds") or [])
        bindings = {k: v[0]["HostIp"] for k, v in host["PortBindings"].items()}
        assert bindings == {"22/tcp": "0.0.0.0", "8080/tcp": "127.0.0.1"}
        nets = c.attrs["NetworkSettings"]["Networks"]
        assert len(nets) == 1
        net = docker_engine.networks.get(next(iter(nets.values()))["NetworkID"])
        subnets.add(net.attrs["IPAM"]["Config"][0]["Subnet"])
        assert net.attrs["Labels"]["io.labctl.class"] == CLASS
    assert len(projects) == 5 and len(subnets) == 5
    assert all(s.startswith("10.213.") for s in subnets)


def test_parameters_differ_per_student_and_derive_from_the_class_seed(klass: Path, fixture_labs: Path) -> None:
    from labctl.spec.loader import load_lab_dir

    lab = load_lab_dir(fixture_labs / "classlab")
    store = Store()
    envs = {e.student_id: e for e in store.list_envs(lab="classlab") if e.class_name == CLASS}
    assert set(envs) == set(STUDENTS)
    for sid, env in envs.items():
        assert env.seed == params_mod.derive_seed("it-seed", sid)
        expected = params_mod.resolve(lab.spec, env.seed)
        assert env.params == expected
    assert len({e.params["codeword"] for e in envs.values()} | {str(e.params["lucky"]) for e in envs.values()}) >= 8


def test_student_a_cannot_reach_student_b_by_ip_or_name(klass: Path, docker_engine: Any) -> None:
    a, b = workspace(docker_engine, "ann.lee"), workspace(docker_engine, "bob")
    b_net = next(iter(b.attrs["NetworkSettings"]["Networks"].values()))
    a_net = next(iter(a.attrs["NetworkSettings"]["Networks"].values()))
    b_ip, gateway = b_net["IPAddress"], a_net["Gateway"]
    b_web = docker_engine.api.port(b.id, 8080)[0]["HostPort"]
    # sanity: the probe works (A reaches its own sshd and web server)
    assert sh(a, "timeout 2 bash -c 'echo > /dev/tcp/127.0.0.1/22'")[0] == 0
    for port in (22, 8080):
        code, out = sh(a, f"timeout 2 bash -c 'echo > /dev/tcp/{b_ip}/{port}'")
        assert code != 0, f"student A reached B at {b_ip}:{port}: {out}"
    for name in (b.name, f"{b.labels['com.docker.compose.project']}_workspace_1", "bob", "itc-bob"):
        code, out = sh(a, f"getent hosts {name}")
        assert code != 0, f"student A resolved B's name {name}: {out}"
        code, _ = sh(a, f"timeout 2 bash -c 'echo > /dev/tcp/{name}/22'")
        assert code != 0
    # the service name resolves to A's own workspace, never to B's
    code, out = sh(a, "getent hosts workspace")
    assert code == 0 and b_ip not in out
    # B's web port is published on the host's loopback only: not reachable through A's gateway
    code, _ = sh(a, f"timeout 2 bash -c 'echo > /dev/tcp/{gateway}/{b_web}'")
    assert code != 0
    # no Docker socket, no Docker API on the host
    assert sh(a, "test -e /var/run/docker.sock || test -e /run/docker.sock")[0] != 0
    assert sh(a, f"timeout 2 bash -c 'echo > /dev/tcp/{gateway}/2375'")[0] != 0


def test_students_log_in_over_ssh_with_the_handout_and_do_their_work(
    klass: Path, fixture_labs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = handout(capsys, fixture_labs)
    assert list(rows) == STUDENTS
    ann, bob = rows["ann.lee"], rows["bob"]
    assert ann["host"] == "127.0.0.1" and ann["user"] == "learner"
    assert ann["ssh_command"] == f"ssh -p {ann['port']} learner@127.0.0.1"
    assert len({r["password"] for r in rows.values()}) == 5

    # Ann logs in with her password and does both tasks with her own values.
    envs = {e.student_id: e for e in Store().list_envs(lab="classlab")}
    ann_params, bob_params = envs["ann.lee"].params, envs["bob"].params
    done = ssh_password(ann, ann["password"],
                        f"whoami; hostname; echo {ann_params['codeword']} > ~/codeword.txt; "
                        f"echo {ann_params['lucky']} > /srv/www/lucky.txt", klass)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["learner", "workspace"]
    # Bob logs in with his key, copies Ann's codeword (wrong for him) and publishes his own number.
    done = ssh_key(bob, f"echo {ann_params['codeword']} > ~/codeword.txt; echo {bob_params['lucky']} > /srv/www/lucky.txt")
    assert done.returncode == 0, done.stderr
    # Another student's password does not open Ann's workspace.
    wrong = ssh_password(ann, bob["password"], "true", klass)
    assert wrong.returncode == 255 and "Permission denied" in wrong.stderr

    # Through her SSH connection Ann can open her own web page (the handout's tunnel), and nobody's else.
    assert ann["tunnels"] == "-L 8080:localhost:8080"


def test_grade_everyone_with_their_own_parameters_and_every_report_format(
    klass: Path, fixture_labs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(["class", "grade", CLASS, "--parallel", "5"], capsys, fixture_labs)
    assert code == 0, err

    code, out, _ = cli(["class", "report", CLASS, "--format", "csv"], capsys, fixture_labs)
    rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and list(rows) == STUDENTS
    assert list(rows["bob"]) == ["student_id", "name", "email", "section", "codeword", "lucky", "total", "max",
                                 "percent", "hints_used", "last_graded"]
    assert (rows["ann.lee"]["codeword"], rows["ann.lee"]["lucky"], rows["ann.lee"]["percent"]) == ("6", "4", "100")
    # Bob copied Ann's codeword: graded against his own, it fails; his own lucky number passes.
    assert (rows["bob"]["codeword"], rows["bob"]["lucky"], rows["bob"]["total"]) == ("0", "4", "4")
    assert all(rows[s]["total"] == "0" and rows[s]["last_graded"] for s in ("cy", "dee", "eve"))
    assert rows["cy"]["section"] == "B" and rows["cy"]["email"] == "cy@example.org"

    code, out, _ = cli(["class", "report", CLASS, "--format", "json"], capsys, fixture_labs)
    data = json.loads(out)
    assert code == 0 and data["class"] == CLASS and data["max_score"] == 10
    assert {t["id"]: t["pass_rate"] for t in data["tasks"]} == {"codeword": 0.2, "lucky": 0.4}
    by_id = {s["student_id"]: s for s in data["students"]}
    assert by_id["bob"]["tasks"] == [{"id": "codeword", "score": 0, "max_score": 6, "passed": False},
                                     {"id": "lucky", "score": 4, "max_score": 4, "passed": True}]
    assert by_id["ann.lee"]["percent"] == 100 and by_id["eve"]["hints_used"] == 0

    code, out, _ = cli(["class", "report", CLASS, "--format", "gradescope"], capsys, fixture_labs)
    subs = {s["student_id"]: s for s in json.loads(out)["submissions"]}
    assert code == 0 and subs["ann.lee"]["results"]["score"] == 10
    bob_tests = subs["bob"]["results"]["tests"]
    assert [(t["status"], t["score"], t["max_score"]) for t in bob_tests] == [("failed", 0, 6), ("passed", 4, 4)]
    assert "expected the file to hold your codeword" in bob_tests[0]["output"]

    page_file = klass / "gradebook.html"
    code, _, _ = cli(["class", "report", CLASS, "--format", "html", "--output", str(page_file)], capsys, fixture_labs)
    page = page_file.read_text()
    cells: list[str] = []

    class Cells(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            assert tag not in ("script", "link", "img"), "the page must be self-contained"

        def handle_data(self, data: str) -> None:
            cells.append(data)

    Cells().feed(page)
    assert code == 0 and all(s in cells for s in STUDENTS)
    svg = ET.fromstring(page[page.index("<svg"):page.index("</svg>") + 6])
    rates = {r.get("data-task"): r.get("data-rate") for r in svg.iter("{http://www.w3.org/2000/svg}rect")}
    assert rates == {"codeword": "0.2000", "lucky": "0.4000"}

    rows_status = status(capsys, fixture_labs)
    assert rows_status["ann.lee"]["score"] == 10 and rows_status["ann.lee"]["last_graded"]
    assert rows_status["bob"]["score"] == 4


def test_kill_9_during_class_up_then_up_converges(klass: Path, docker_engine: Any, fixture_labs: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    for sid in ("cy", "dee"):
        workspace(docker_engine, sid).remove(force=True)
    rows = status(capsys, fixture_labs)
    assert rows["cy"]["state"] == "gone" and rows["ann.lee"]["state"] == "up"  # its one container is gone
    proc = subprocess.Popen([sys.executable, "-m", "labctl", "--labs-path", str(fixture_labs), "class", "up", CLASS],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill it as soon as compose is re-creating a container
        if len(docker_engine.containers.list(all=True, filters={"label": f"io.labctl.class={CLASS}"})) > 3:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    code, out, err = cli(["class", "up", CLASS, "-f", "json"], capsys, fixture_labs)
    assert code == 0, err
    results = {o["student"]: o["result"] for o in json.loads(out)}
    assert results["ann.lee"] == results["bob"] == results["eve"] == "up"  # untouched: nothing redone
    assert all(r["state"] == "up" for r in status(capsys, fixture_labs).values())
    # the re-made envs have their credentials again
    rows = handout(capsys, fixture_labs)
    done = ssh_key(rows["cy"], "whoami")
    assert done.returncode == 0 and done.stdout.strip() == "learner", done.stderr


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` (through /proc), children first found by their parent."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _grader_temp_dirs() -> set[Path]:
    import tempfile

    root = Path(tempfile.gettempdir())
    return {*root.glob("labctl-grade-*"), *root.glob("labctl-zygote-*")}


def test_kill_9_during_class_grade_leaves_no_process_and_grade_runs_again(
        klass: Path, fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    temp_before = _grader_temp_dirs()
    proc = subprocess.Popen([sys.executable, "-m", "labctl", "--labs-path", str(fixture_labs), "class", "grade", CLASS],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    below: set[int] = set()
    while time.monotonic() < deadline:  # kill it while the zygote has grading workers running
        below = _descendants(proc.pid)
        if len(below) >= 3:
            break
        time.sleep(0.02)
    assert len(below) >= 3, "class grade never started its grading zygote and workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(p) for p in below):
        time.sleep(0.1)
    assert not [p for p in below if _alive(p)], "the zygote or its workers outlived a killed labctl"
    assert _grader_temp_dirs() - temp_before == set()  # the zygote removed the killed grader's temp dirs
    code, out, err = cli(["class", "grade", CLASS, "-f", "json"], capsys, fixture_labs)
    assert code == 0, err
    assert {o["result"] for o in json.loads(out)} == {"graded"}


def test_reset_one_student(klass: Path, docker_engine: Any, fixture_labs: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    before_rows = handout(capsys, fixture_labs)
    before = workspace(docker_engine, "ann.lee").id
    bob = workspace(docker_engine, "bob").id
    code, _, err = cli(["class", "reset", CLASS, "ann.lee"], capsys, fixture_labs)
    assert code == 0, err
    after = workspace(docker_engine, "ann.lee")
    assert after.id != before and workspace(docker_engine, "bob").id == bob
    assert sh(after, "test -e /home/learner/codeword.txt")[0] != 0  # her work is gone
    rows = handout(capsys, fixture_labs)
    assert rows["ann.lee"]["port"] == before_rows["ann.lee"]["port"]
    assert rows["ann.lee"]["password"] == before_rows["ann.lee"]["password"]
    done = ssh_password(rows["ann.lee"], rows["ann.lee"]["password"], "whoami", klass)
    assert done.returncode == 0 and done.stdout.strip() == "learner", done.stderr
    st = status(capsys, fixture_labs)
    assert st["ann.lee"]["score"] is None and st["bob"]["score"] == 4  # her old grade went with her env
    port = st["ann.lee"]["ports"]["web"]
    assert requests.get(f"http://127.0.0.1:{port}/lucky.txt", timeout=5).status_code == 404


def test_reap_after_the_ttl_keeps_grades_then_down_leaves_nothing(
    klass: Path, docker_engine: Any, fixture_labs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store()
    record = store.get_class(CLASS)
    assert record is not None and record.settings["expires_at"] > time.time() + 3 * 3600
    record.settings["expires_at"] = time.time() - 1  # the workshop is over
    store.update_class_settings(CLASS, record.settings)

    code, out, err = cli(["class", "list", "-f", "json"], capsys, fixture_labs)  # any class command reaps
    assert code == 0 and f"class {CLASS}: its TTL has passed; removed 5 env(s)" in err
    assert next(r for r in json.loads(out) if r["name"] == CLASS)["expires"] == "reaped"
    assert class_leftovers() == {"containers": 0, "networks": 0, "volumes": 0}
    code, out, _ = cli(["class", "report", CLASS, "--format", "csv"], capsys, fixture_labs)
    assert code == 0 and {r["student_id"]: r["total"] for r in csv.DictReader(io.StringIO(out))}["bob"] == "4"
    assert {r["state"] for r in status(capsys, fixture_labs).values()} == {"reaped"}

    # `class up` starts the clock again; bring one student back, then take everything down.
    code, _, err = cli(["class", "up", CLASS, "--student", "eve"], capsys, fixture_labs)
    assert code == 0, err
    assert status(capsys, fixture_labs)["eve"]["state"] == "up"
    code, out, err = cli(["class", "down", CLASS], capsys, fixture_labs)
    assert code == 0, err
    assert class_leftovers() == {"containers": 0, "networks": 0, "volumes": 0}
    assert store.get_class(CLASS) is None and store.students(CLASS) == []
    assert [e for e in store.list_envs() if e.class_name == CLASS] == []
    assert all(store.last_grade("classlab", f"{CLASS}-{s}") is None for s in ("bob", "cy"))
    code, _, err = cli(["class", "status", CLASS], capsys, fixture_labs)
    assert code == 2 and "not found" in err


def test_down_of_a_class_whose_lab_folder_is_gone(docker_engine: Any, fixture_labs: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    lab_dir = tmp_path / "labs" / "classlab-tmp"  # an id found nowhere else on the search path
    shutil.copytree(fixture_labs / "classlab", lab_dir)
    spec = lab_dir / "lab.yaml"
    spec.write_text(spec.read_text().replace("id: classlab", "id: classlab-tmp"))
    roster = tmp_path / "r.csv"
    roster.write_text("id\nx1\n")
    code, _, err = cli(["class", "create", "gone", "--lab", str(lab_dir), "--roster", str(roster)], capsys, fixture_labs)
    assert code == 0, err
    shutil.rmtree(lab_dir)
    code, out, err = cli(["class", "down", "gone"], capsys, fixture_labs)
    assert code == 0 and "Removing class gone by its labels" in err and "class gone is gone" in out
    assert Store().get_class("gone") is None


def test_class_envs_are_ready_by_labctl_probes_and_fail_on_an_unhealthy_service(
        docker_engine: Any, fixture_labs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("id\nu1\n")
    code, _, err = cli(["class", "create", "sick", "--lab", "unhealthy", "--roster", str(roster),
                        "--health-interval", "5m"], capsys, fixture_labs)
    assert code == 0, err
    try:
        started = time.monotonic()
        code, out, err = cli(["class", "up", "sick", "-f", "json"], capsys, fixture_labs)
        elapsed = time.monotonic() - started
        assert code == 1
        failed = json.loads(out)[0]
        assert failed["result"] == "failed"
        # retries: 2 at interval 1s: unhealthy after ~2 probes, not at the 40 s ready timeout
        assert "service 'db' failed its healthcheck" in failed["error"] and elapsed < 30, (failed, elapsed)
        db = docker_engine.containers.list(all=True, filters={"label": ["io.labctl.class=sick",
                                                                      "io.labctl.service=db"]})[0]
        check = db.attrs["Config"]["Healthcheck"]
        assert check["Test"] == ["CMD", "test", "-f", "/etc/db.conf"] and check["Interval"] == 300 * 10**9
    finally:
        assert cli(["class", "down", "sick"], capsys, fixture_labs)[0] == 0


def test_a_class_on_compose_v1(docker_engine: Any, fixture_labs: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The core of a class (up, SSH handout, grade, down) on the deprecated Compose v1 too; the rest
    of this module runs on the default (v2 where installed)."""
    monkeypatch.setenv("LABCTL_COMPOSE", "v1")
    name = "it-v1"
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,email\nv1a,Vee A,a@example.org\nv1b,Vee B,b@example.org\n")
    code, _, err = cli(["class", "create", name, "--lab", "classlab", "--roster", str(roster), "--host", "127.0.0.1"],
                       capsys, fixture_labs)
    assert code == 0, err
    try:
        code, _, err = cli(["class", "up", name, "--parallel", "2"], capsys, fixture_labs)
        assert code == 0, err
        code, out, err = cli(["class", "status", name, "-f", "json"], capsys, fixture_labs)
        assert {r["state"] for r in json.loads(out)["students"]} == {"up"}, out
        code, out, err = cli(["class", "access", name, "--format", "csv"], capsys, fixture_labs)
        rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO(out))}
        done = ssh_key(rows["v1a"], "whoami")
        assert done.returncode == 0 and done.stdout.strip() == "learner", done.stderr
        code, out, err = cli(["class", "grade", name, "-f", "json"], capsys, fixture_labs)
        assert code == 0, err
    finally:
        code, _, err = cli(["class", "down", name], capsys, fixture_labs)
    assert code == 0, err
    assert leftovers({"io.labctl.class": name}) == {"containers": 0, "networks": 0, "volumes": 0}
