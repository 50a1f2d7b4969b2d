"""An env's identity against the real engine: two labctl homes side by side, legacy envs,
status that tells the truth, workdirs that stay inside the home, crash hygiene of grading."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labctl.state import MIGRATIONS
from support import cli, owned, store_id

pytestmark = [pytest.mark.docker, pytest.mark.slow]

FIXTURE_LABS = Path(__file__).resolve().parents[1] / "fixtures" / "labs"


def labctl(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`labctl ARGS` as a separate process of the labctl home `home`."""
    return subprocess.run(
        [sys.executable, "-m", "labctl", "--labs-path", str(FIXTURE_LABS), *args],
        env={**os.environ, "LABCTL_HOME": str(home)}, capture_output=True, text=True, timeout=timeout,
    )


def labctl_bg(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "labctl", "--labs-path", str(FIXTURE_LABS), *args],
        env={**os.environ, "LABCTL_HOME": str(home)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def status_json(home: Path, *args: str) -> dict[str, Any]:
    proc = labctl(home, "status", *args, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(proc.stdout))


@pytest.fixture
def two_homes(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    homes = (tmp_path / "home-a", tmp_path / "home-b")
    yield homes
    for home in homes:  # whatever a failed test left
        labctl(home, "down", "grading", "--all")


def test_two_homes_share_one_engine_without_touching_each_other(docker_engine: Any,
                                                                two_homes: tuple[Path, Path]) -> None:
    a, b = two_homes
    ups = [labctl_bg(home, "up", "grading") for home in (a, b)]  # same lab, same env name, at once
    for proc in ups:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    ids = [status_json(home)["store"] for home in (a, b)]
    assert ids[0] != ids[1]
    # Different work in each: home a made one file, home b all three with the right word.
    assert labctl(a, "exec", "grading", "box", "--", "touch", "/data/one").returncode == 0
    word = status_json(b)["envs"][0]["params"]["word"]
    script = f"touch /data/one /data/two && echo {word} > /data/three"
    assert labctl(b, "exec", "grading", "box", "--", "sh", "-c", script).returncode == 0
    grades = []
    for home in (a, b):
        proc = labctl(home, "grade", "grading", "--task", "files", "--format", "json")
        assert proc.returncode in (0, 1), proc.stderr
        grades.append(json.loads(proc.stdout)["tasks"][0]["score"])
    assert grades == [1, 6], grades  # each graded its own containers
    for home, other in ((a, ids[1]), (b, ids[0])):
        seen = status_json(home)
        assert [e["env"] for e in seen["envs"]] == ["default"] and seen["untracked"] == []
        assert seen["envs"][0]["status"] == "up"
        others = status_json(home, "--all-stores")["other_stores"]
        assert any(o["store"] == other and o["lab"] == "grading" and o["env"] == "default" for o in others)
    # a's down removes a's env only; b's keeps running and grading.
    assert labctl(a, "down", "grading").returncode == 0
    assert status_json(a)["envs"] == []
    after = status_json(b)["envs"][0]
    assert after["status"] == "up" and after["healthy"] == after["total"] > 0
    proc = labctl(b, "grade", "grading", "--task", "files", "--format", "json")
    assert json.loads(proc.stdout)["tasks"][0]["score"] == 6
    # `down --all` in a (which has nothing) leaves b alone too.
    assert labctl(a, "down", "grading", "--all").returncode == 0
    assert status_json(b)["envs"][0]["status"] == "up"
    # a removes b's env only when it names b's store: the objects go, b's record stays
    proc = labctl(a, "down", "grading", "--store", ids[1])
    assert proc.returncode == 0, proc.stderr
    assert status_json(b)["envs"][0]["status"] == "gone"
    assert labctl(b, "down", "grading").returncode == 0


def test_status_says_degraded_then_gone_and_up_converges(docker_engine: Any, fixture_labs: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    try:
        assert cli(["up", "trio", "--env", "truth"], capsys, fixture_labs).code == 0
        mine = {"label": [f"io.labctl.store={store_id()}", "io.labctl.env=truth"]}
        containers = docker_engine.containers.list(all=True, filters=mine)
        assert len(containers) == 3
        containers[0].remove(force=True)
        code, out, _ = cli(["status", "trio", "--env", "truth", "-f", "json"], capsys, fixture_labs)
        env = json.loads(out)["envs"][0]
        assert (env["status"], env["healthy"], env["total"]) == ("degraded", 2, 3), env
        code, out, _ = cli(["status", "trio"], capsys, fixture_labs)
        assert "degraded 2/3" in out and "labctl up trio --env truth" in out
        for c in containers[1:]:
            c.remove(force=True)
        code, out, _ = cli(["status", "trio", "--env", "truth", "-f", "json"], capsys, fixture_labs)
        env = json.loads(out)["envs"][0]
        assert env["status"] == "gone" and env["healthy"] == 0, env
        code, out, _ = cli(["status", "trio"], capsys, fixture_labs)
        assert "gone" in out and "0/0" not in out
        # `up` converges: the containers come back.
        code, _, err = cli(["up", "trio", "--env", "truth"], capsys, fixture_labs)
        assert code == 0, err
        code, out, _ = cli(["status", "trio", "--env", "truth", "-f", "json"], capsys, fixture_labs)
        env = json.loads(out)["envs"][0]
        assert (env["status"], env["healthy"], env["total"]) == ("up", 3, 3), env
    finally:
        cli(["down", "trio", "--env", "truth"], capsys, fixture_labs)
    assert owned("trio", "truth") == {"containers": 0, "networks": 0, "volumes": 0}


def _legacy_home(home: Path, workdir: Path) -> None:
    """A labctl home as an older labctl left it: schema 3, one env row, no store id."""
    home.mkdir(parents=True)
    db = sqlite3.connect(home / "state.db")
    for number, script in enumerate(MIGRATIONS[:3], start=1):
        for statement in filter(str.strip, script.split(";")):
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {number}")
    now = time.time()
    db.execute(
        "INSERT INTO envs (lab, name, status, seed, params, ports, data, workdir, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        ("trio", "old", "up", "s", "{}", "{}", json.dumps({"bind_address": "127.0.0.1",
                                                             "labs_dir": str(FIXTURE_LABS / "trio")}),
         str(workdir), now, now),
    )
    db.commit()
    db.close()


def test_envs_made_before_store_ids_are_found_and_removed(docker_engine: Any, tmp_path: Path) -> None:
    home = tmp_path / "old-home"
    workdir = home / "envs" / "trio" / "old"
    _legacy_home(home, workdir)
    # What the older labctl ran: a compose project `labctl-trio-old`, labels without a store.
    workdir.mkdir(parents=True)
    (workdir / "compose.yaml").write_text(
        "services:\n  app:\n    image: debian:bookworm-slim\n    command: [sleep, infinity]\n"
        "    labels: {io.labctl.lab: trio, io.labctl.env: old}\n"
        "networks:\n  default:\n    labels: {io.labctl.lab: trio, io.labctl.env: old}\n")
    subprocess.run(["docker-compose", "-p", "labctl-trio-old", "-f", str(workdir / "compose.yaml"), "up", "-d"],
                   check=True, capture_output=True, timeout=120)
    # Another home's env with the same lab and env name must survive our down.
    foreign = docker_engine.containers.run(
        "debian:bookworm-slim", ["sleep", "infinity"], detach=True,
        labels={"io.labctl.store": "feedf00d", "io.labctl.lab": "trio", "io.labctl.env": "old"})
    try:
        seen = status_json(home)
        env = seen["envs"][0]
        assert env["env"] == "old" and env["project"] == "labctl-trio-old"
        assert env["status"] == "up" and env["healthy"] == 1, env
        assert seen["untracked"] == []
        proc = labctl(home, "down", "trio", "--env", "old")
        assert proc.returncode == 0, proc.stderr
        legacy = {"label": ["io.labctl.lab=trio", "io.labctl.env=old"]}
        left = docker_engine.containers.list(all=True, filters=legacy)
        assert [c.id for c in left] == [foreign.id]
        assert not docker_engine.networks.list(filters=legacy)
        assert not workdir.exists() and status_json(home)["envs"] == []
    finally:
        foreign.remove(force=True)
        subprocess.run(["docker-compose", "-p", "labctl-trio-old", "-f", str(workdir / "compose.yaml"),
                        "down"], capture_output=True, timeout=120)


def test_down_never_removes_anything_outside_the_envs_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc = labctl(home, "status")
    assert proc.returncode == 0, proc.stderr
    # A damaged record (or one an older labctl made for `--env 'x/../../..'`) naming the home itself.
    db = sqlite3.connect(home / "state.db")
    now = time.time()
    db.execute("INSERT INTO envs (lab, name, status, seed, params, ports, data, workdir, created_at, updated_at)"
               " VALUES ('trio', 'damaged', 'up', 's', '{}', '{}', '{\"project\": \"labctl-x-trio--damaged\"}', ?, ?, ?)",
               (str(home), now, now))
    db.commit()
    db.close()
    sentinel = home / "keep-me"
    sentinel.write_text("precious")
    proc = labctl(home, "down", "trio", "--all")
    assert proc.returncode == 0, proc.stderr
    assert sentinel.read_text() == "precious" and (home / "state.db").is_file()
    assert status_json(home)["envs"] == []


def _children(pid: int, marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and marker in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_kill_9_of_grade_leaves_no_worker_and_no_temp_dir(docker_engine: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert labctl(home, "up", "grading", "--env", "kill").returncode == 0
    try:
        proc = labctl_bg(home, "grade", "grading", "--env", "kill", "--task", "hang")
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while not workers and time.monotonic() < deadline:
            workers = _children(proc.pid, "labctl.grading.worker")
            time.sleep(0.05)
        assert workers, "the grading worker never started"
        time.sleep(1.0)  # let it get into the hanging checks
        rundirs = list(Path(tempfile.gettempdir()).glob(f"labctl-grade-{proc.pid}-*"))
        assert rundirs
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers), "a grading worker outlived `labctl grade` by 5 s"
        # The next grade removes the run dir the killed one could not.
        assert labctl(home, "grade", "grading", "--env", "kill", "--task", "files").returncode in (0, 1)
        assert not any(d.exists() for d in rundirs)
    finally:
        labctl(home, "down", "grading", "--env", "kill")


def test_up_racing_down_ends_cleanly(docker_engine: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    up = labctl_bg(home, "up", "trio", "--env", "race")
    time.sleep(1.0)
    down = labctl(home, "down", "trio", "--env", "race")
    _, up_err = up.communicate(timeout=300)
    for code, err in ((up.returncode, up_err), (down.returncode, down.stderr)):
        assert code in (0, 1), err
        assert "Traceback" not in err and "internal error" not in err, err
    # Whichever won, one more `down` completes it and nothing is left.
    assert labctl(home, "down", "trio", "--env", "race").returncode == 0
    assert status_json(home)["envs"] == []
    sid = status_json(home)["store"]
    left = docker_engine.containers.list(all=True, filters={"label": [f"io.labctl.store={sid}"]})
    assert left == []


def test_an_env_outlives_its_lab_folder(docker_engine: Any, tmp_path: Path) -> None:
    """A lab brought up by path is found again by id from anywhere (its record names the
    folder); once that folder's lab.yaml is broken, or the folder is gone, `down` still removes
    everything of the env from its record and labels."""
    import shutil

    from labctl.backends.compose import leftovers
    from labctl.env.labels import LABEL_ENV, LABEL_LAB, LABEL_STORE

    home, folder, elsewhere = tmp_path / "home", tmp_path / "mine" / "basic", tmp_path / "elsewhere"
    shutil.copytree(FIXTURE_LABS / "basic", folder)
    elsewhere.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:  # no --labs-path: only the record knows
        return subprocess.run([sys.executable, "-m", "labctl", *args], cwd=elsewhere, text=True,
                              capture_output=True, timeout=300, env={**os.environ, "LABCTL_HOME": str(home)})

    try:
        up = run("up", str(folder), "--env", "moved")
        assert up.returncode == 0, up.stderr
        graded = run("grade", "basic", "--env", "moved", "--format", "json")
        assert graded.returncode in (0, 1) and json.loads(graded.stdout)["lab"] == "basic", graded.stderr
        store = status_json(home)["store"]
        (folder / "lab.yaml").write_text("id: basic\ntitle: [broken\n")  # an author's edit gone wrong
        down = run("down", "basic", "--env", "moved")
        assert down.returncode == 0, down.stderr
        assert not any(leftovers({LABEL_STORE: store, LABEL_LAB: "basic", LABEL_ENV: "moved"}).values())
        assert status_json(home)["envs"] == [] and not (home / "envs" / "basic" / "moved").exists()
        assert run("down", "basic", "--env", "moved").returncode == 2  # unknown lab, no record left
    finally:
        shutil.rmtree(folder.parent)
        run("down", "basic", "--env", "moved")
