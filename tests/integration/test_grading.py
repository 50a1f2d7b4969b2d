"""Grading against real containers: partial credit, task mapping, timeouts, reports, hints,
history, solve, and a learner tampering from inside the lab.

One env of the `grading` fixture lab serves the whole module; each test puts the
container back to a known state with `clean()` instead of recreating the env.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labctl.testing import LabEnv
from support import cli

pytestmark = pytest.mark.docker

FIXTURE_LABS = Path(__file__).resolve().parents[1] / "fixtures" / "labs"
FILES_CHECKS = ["test_one", "test_two", "test_three_holds_word"]


@pytest.fixture(scope="module")
def lab(docker_engine: Any) -> Iterator[LabEnv]:
    with LabEnv("grading", labs_path=FIXTURE_LABS) as env:
        yield env


def clean(lab: LabEnv) -> None:
    lab.exec("box", "rm -rf /data/* /work/* /work/.[!.]*")




def test_partial_credit_by_check_weight(lab: LabEnv) -> None:
    clean(lab)
    files = lab.grade(task="files").task("files")
    assert (files.score, files.max_score, files.passed) == (0, 6, False)
    assert [c.name for c in files.checks] == FILES_CHECKS
    assert files.feedback == ["expected /data/one to exist", "expected /data/two to exist",
                              "expected /data/three to exist"]

    lab.exec("box", "touch /data/two; echo nope > /data/three")
    files = lab.grade(task="files").task("files")
    assert files.score == 2.0  # 6 points x weight 2 of 6
    assert files.feedback == ["expected /data/one to exist",
                              f"expected /data/three to hold {lab.params['word']}, found nope"]

    # any correct way counts: here printf from a different shell and user
    lab.exec("box", 'touch /data/one; printf "%s\\n" "$LAB_PARAM_WORD" > /data/three')
    report = lab.grade(task="files")
    assert report.task("files").passed and report.score == report.max_score == 6
    assert report.percent == 100


def test_checks_are_mapped_by_marker_and_node_id(lab: LabEnv) -> None:
    clean(lab)
    report = lab.grade(task=["marked", "nodes"])
    assert [t.id for t in report.tasks] == ["marked", "nodes"] and report.max_score == 4
    assert [c.name for c in report.task("marked").checks] == ["test_marked_exists", "test_marked_bare_assert"]
    nodes = report.task("nodes")
    assert [c.name for c in nodes.checks] == ["test_node_listed"]
    assert nodes.feedback == ["ValueError: no shared file yet"]

    lab.exec("box", "echo other > /data/shared")
    marked = lab.grade(task="marked").task("marked")
    assert marked.score == 1.0
    assert marked.feedback == ['check failed: assert host("box").file("/data/shared").contains("shared")']

    lab.exec("box", "echo shared > /data/shared")
    report = lab.grade(task=["marked", "nodes"])
    assert report.task("marked").passed
    assert report.task("nodes").feedback == ["expected the word node in /data/shared"]


def test_solve_runs_solutions_where_the_spec_says_and_marks_tasks(lab: LabEnv) -> None:
    clean(lab)
    results = {r.task: r for r in lab.solve()}
    assert results["host"].run_in == "host" and results["files"].run_in == "box"
    assert not results["hang"].ran and results["hang"].note == "no reference solution"
    assert (lab.workspace / "from-host.txt").read_text().strip() == lab.params["word"]
    report = lab.grade(task=["host", "files", "marked", "nodes", "web"])
    assert report.task("host").passed and report.task("host").solved_by_solution
    assert report.passed and report.score == report.max_score == 13


def test_labenv_exec_and_host_run(lab: LabEnv) -> None:
    from labctl.errors import CommandFailed

    assert lab.exec("box", 'echo "$LAB_PARAM_WORD $LABCTL_ENV"; id -u').stdout.split() == \
        [lab.params["word"], lab.env, "0"]
    assert lab.exec("workspace", "hostname").stdout.strip() == "box"  # the lab's workspace service
    with pytest.raises(CommandFailed, match=r"bash script in service box failed \(exit 3\): oops$"):
        lab.exec("box", "echo working; echo oops >&2; exit 3")
    assert lab.exec("box", "exit 4", check=False).returncode == 4
    out = lab.host_run('echo "$LAB_PARAM_WORD"; pwd').stdout.split()
    assert out == [lab.params["word"], str(lab.workspace)]
    with pytest.raises(CommandFailed, match=r"bash script on the host failed \(exit 1\)"):
        lab.host_run("false")


def test_http_checks_from_outside_and_inside(lab: LabEnv) -> None:
    clean(lab)
    web = lab.grade(task="web").task("web")
    assert web.feedback == ["expected /page.html to be served, got HTTP 404",
                            "expected hello from inside the box, got HTTP 404"]
    lab.exec("box", "echo hello > /data/page.html")
    assert lab.grade(task="web").task("web").passed


def test_hung_checks_time_out_and_the_others_still_grade(lab: LabEnv) -> None:
    started = time.monotonic()
    hang = lab.grade(task="hang").task("hang")
    elapsed = time.monotonic() - started
    by_name = {c.name: c for c in hang.checks}
    assert by_name["test_a_quick"].passed
    assert by_name["test_b_hangs"].outcome == "timeout"
    assert by_name["test_b_hangs"].message.startswith("timed out after 2 s")
    assert by_name["test_c_stubborn"].outcome == "timeout"  # stopped by the grader's watchdog
    assert by_name["test_d_after"].passed  # graded after both hangs
    assert hang.score == 2.0 and not hang.passed
    assert elapsed < 2 + 2 + 4 + 30


def test_a_learner_cannot_change_the_checks_from_inside_the_lab(
    lab: LabEnv, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clean(lab)
    # The workspace is bind-mounted at /work: plant pytest configuration, a conftest that
    # forces every check to pass, look-alike check files and a rewritten lab.yaml.
    lab.exec("box", r"""
        set -e
        mkdir -p /work/checks /work/tests
        cat > /work/conftest.py <<'PY'
import pytest
@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.outcome = "passed"
    return report
PY
        cp /work/conftest.py /work/checks/conftest.py
        printf '[pytest]\naddopts = -p no:labctl --co\n' > /work/pytest.ini
        cp /work/pytest.ini /work/tox.ini
        printf 'def test_one():\n    pass\ndef test_two():\n    pass\ndef test_three_holds_word():\n    pass\n' \
            > /work/checks/test_files.py
        printf 'id: grading\ntasks: []\n' > /work/lab.yaml
        """)
    assert (lab.workspace / "checks" / "test_files.py").is_file()  # the tamper reached the host
    monkeypatch.chdir(lab.workspace)  # even grading from inside the learner's folder
    code, out, err = cli(["grade", "grading", "--env", lab.env, "--task", "files",
                         "--format", "json"], capsys, lab.lab.path.parent)
    assert code == 0, err
    files = json.loads(out)["tasks"][0]
    assert files["score"] == 0 and not files["passed"]
    assert [c["name"] for c in files["checks"]] == FILES_CHECKS
    assert [c["file"] for c in files["checks"]] == ["checks/test_files.py"] * 3
    assert all(c["message"].startswith("expected /data/") for c in files["checks"])


def test_report_formats(lab: LabEnv, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clean(lab)
    lab.exec("box", "touch /data/one")
    junit, gradescope = tmp_path / "junit.xml", tmp_path / "results.json"
    code, out, err = cli(["grade", "grading", "--env", lab.env, "--task", "files",
                         "--format", "json", "--junit", str(junit), "--gradescope", str(gradescope)], capsys, lab.lab.path.parent)
    assert code == 0, err
    data = json.loads(out)
    assert {"lab", "env", "score", "max_score", "percent", "tasks"} <= set(data)
    assert (data["lab"], data["env"], data["score"], data["max_score"]) == ("grading", lab.env, 1, 6)
    assert data["percent"] == pytest.approx(16.7)
    (task,) = data["tasks"]
    assert {"id", "title", "score", "max_score", "passed", "hints_used", "solved_by_solution",
            "checks"} <= set(task)
    for check in task["checks"]:
        assert {"name", "passed", "message", "duration"} <= set(check)
        assert isinstance(check["duration"], float) and check["duration"] >= 0
    assert [c["passed"] for c in task["checks"]] == [True, False, False]

    root = ET.parse(junit).getroot()
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == FILES_CHECKS
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("message") == "expected /data/two to exist"

    results = json.loads(gradescope.read_text())
    assert results["score"] == 1
    (test,) = results["tests"]
    assert test == {**test, "name": "files: Create three files", "score": 1, "max_score": 6,
                    "status": "failed"}
    assert "FAIL test_two: expected /data/two to exist" in test["output"]

    code, out, _ = cli(["grade", "grading", "--env", lab.env, "--task", "files"], capsys, lab.lab.path.parent)
    assert code == 0
    assert "expected /data/two to exist" in out and "1/6" in out


def test_fail_under_sets_the_exit_code(lab: LabEnv, capsys: pytest.CaptureFixture[str]) -> None:
    clean(lab)
    lab.exec("box", "touch /data/one /data/two")  # 3 of 6 points: 50%
    code, _, err = cli(["grade", "grading", "--env", lab.env, "--task", "files",
                       "--fail-under", "60"], capsys, lab.lab.path.parent)
    assert code == 1 and "below --fail-under 60%" in err
    code, _, _ = cli(["grade", "grading", "--env", lab.env, "--task", "files",
                     "--fail-under", "50"], capsys, lab.lab.path.parent)
    assert code == 0
    code, _, _ = cli(["grade", "grading", "--env", lab.env, "--task", "files"], capsys, lab.lab.path.parent)
    assert code == 0  # without --fail-under, grading that ran exits 0 whatever the score


def test_history_lists_every_run_newest_first(lab: LabEnv, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["progress", "grading", "--env", lab.env, "--format", "json"], capsys, lab.lab.path.parent)
    before = len(json.loads(out)["runs"])
    clean(lab)
    cli(["grade", "grading", "--env", lab.env, "--task", "files"], capsys, lab.lab.path.parent)
    lab.exec("box", "touch /data/one")
    cli(["grade", "grading", "--env", lab.env, "--task", "files"], capsys, lab.lab.path.parent)
    code, out, _ = cli(["progress", "grading", "--env", lab.env, "--format", "json"], capsys, lab.lab.path.parent)
    assert code == 0
    runs = json.loads(out)["runs"]
    assert len(runs) == before + 2
    assert [r["score"] for r in runs[:2]] == [1, 0]
    assert runs[0]["tasks"]["files"] == {"score": 1, "max_score": 6, "passed": False}
    code, out, _ = cli(["progress", "grading", "--env", lab.env], capsys, lab.lab.path.parent)
    assert code == 0 and "grading history" in out and "1/6" in out


def test_stock_testinfra_connection_grades_the_same(lab: LabEnv) -> None:
    clean(lab)
    lab.exec("box", "touch /data/two")
    fast = lab.grade(task="files").task("files")
    stock = lab.grade(task="files", connection="docker").task("files")
    assert [(c.name, c.passed, c.message) for c in fast.checks] == \
        [(c.name, c.passed, c.message) for c in stock.checks]


def test_hints_cost_points_and_are_recorded(lab: LabEnv, capsys: pytest.CaptureFixture[str]) -> None:
    clean(lab)
    code, out, _ = cli(["solve", "grading", "files", "--env", lab.env], capsys, lab.lab.path.parent)
    assert code == 0 and "files: solution ran in box" in out
    assert lab.grade(task="files").task("files").score == 6

    code, out, _ = cli(["hint", "grading", "files", "--env", lab.env], capsys, lab.lab.path.parent)
    assert code == 0
    assert "Hint 1/2 for task files" in out and "Look in /data." in out and "1 more hint left" in out
    assert "costs 1.5 point(s)" in out
    task = lab.grade(task="files").task("files")
    assert (task.score, task.hints_used, task.hint_penalty, task.passed) == (4.5, 1, 1.5, True)

    code, out, _ = cli(["hint", "grading", "files", "--env", lab.env, "--format", "json"], capsys, lab.lab.path.parent)
    hint = json.loads(out)
    assert (hint["level"], hint["remaining"], hint["penalty"]) == (2, 0, 3.0)
    assert f"(your word: {lab.params['word']})" in hint["text"]  # hints see the env's own parameters
    code, out, _ = cli(["hint", "grading", "files", "--env", lab.env], capsys, lab.lab.path.parent)
    assert "you have seen every hint" in out  # repeated, not charged again
    code, out, _ = cli(["grade", "grading", "--env", lab.env, "--task", "files",
                       "--format", "json"], capsys, lab.lab.path.parent)
    (files,) = json.loads(out)["tasks"]
    assert (files["score"], files["hints_used"], files["solved_by_solution"]) == (3.0, 2, True)
    code, out, _ = cli(["progress", "grading", "--env", lab.env, "--format", "json"], capsys, lab.lab.path.parent)
    assert json.loads(out)["hints_used"] == {"files": 2}

    code, _, err = cli(["hint", "grading", "nope", "--env", lab.env], capsys, lab.lab.path.parent)
    assert code == 2 and "no task 'nope'" in err


def test_exec_session_backend_behaves_like_docker_exec(lab: LabEnv) -> None:
    import signal

    import testinfra

    from labctl import docker_engine
    from labctl.grading import dockerapi
    from labctl.grading.messages import CheckProblem

    dockerapi.register()
    name = lab.container("box")
    fast = dockerapi.DockerAPIBackend(name)
    stock = testinfra.get_host(f"docker://{name}").backend
    commands = [
        "echo out; echo err >&2; printf tail; exit 3",
        "printf ''",
        "cat",  # stdin is /dev/null, never the session's control stream
        "cd /tmp; export X=1; pwd",
        'pwd; echo "${X:-unset}"',  # no state leaks between commands
        "echo 'it'\"'\"'s \"quoted\" $HOME'",
        "id -un; echo $0",
    ]
    for cmd in commands:
        a, b = fast.run(cmd), stock.run(cmd)
        assert (a.rc, a.stdout, a.stderr) == (b.rc, b.stdout, b.stderr), cmd
    assert len(fast.run("head -c 300000 /dev/zero | tr '\\0' a").stdout) == 300000
    assert fast.run("echo %s", "a b\nc").stdout == "a b\nc\n"
    assert dockerapi.DockerAPIBackend(f"nobody@{name}").run("id -un").stdout == "nobody\n"

    fast.run("kill -9 $PPID")  # kills the session's shell: the next command opens a new one
    assert fast.run("echo again").stdout == "again\n"

    def on_alarm(signum: int, frame: Any) -> None:
        raise TimeoutError("alarm")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(TimeoutError):
            fast.run("sleep 20")  # interrupted mid-command: the session is dropped
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fast.run("echo fine").stdout == "fine\n"

    container = docker_engine.client().containers.get(name)
    container.pause()
    try:
        with pytest.raises(CheckProblem, match=f"cannot run commands in container {name}"):
            dockerapi.DockerAPIBackend(name).run("true")
    finally:
        container.unpause()
