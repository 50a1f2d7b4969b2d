"""The grading engine without Docker: a pytest subprocess on checks that use params and env.

Real subprocesses and real pytest (no mocks): outcomes through the plugin's hooks,
per-check timeouts, the watchdog, hermetic configuration and authoring errors.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from labctl.grading.context import GradingContext, TaskChecks
from labctl.grading.engine import run_checks

CHECKS = '''
import time
import pytest


@pytest.mark.points(3)
def test_param_ok(params):
    assert params["word"] == "alpha", f"expected alpha, found {params['word']}"


def test_param_wrong(params):
    assert params["word"] == "beta", f"expected beta, found {params['word']}"


def test_env_info(env):
    assert env.lab == "demo" and env.workspace.name == "workspace" and env.ports == {}


def test_bare_assert(params):
    assert params["word"] == "gamma"


def test_error(params):
    raise KeyError("missing")


@pytest.mark.parametrize("n", [1, 2])
def test_param(n):
    assert n == 1, f"n is {n}"
'''

HANG = '''
import time
import pytest


@pytest.mark.timeout(1)
def test_1_sleeps():
    time.sleep(60)


def test_2_after():
    assert True


@pytest.mark.timeout(1.5)
def test_3_swallows():
    while True:
        try:
            time.sleep(60)
        except BaseException:
            pass


def test_4_last():
    assert 1 == 2, "one is not two"
'''


def make_ctx(lab: Path, tasks: list[TaskChecks], timeout: float = 30, **kw: object) -> GradingContext:
    return GradingContext(
        lab="demo", lab_path=str(lab), env="e1", project="labctl-demo-e1", workdir=str(lab / "wd"),
        workspace=str(lab / "wd" / "workspace"), tasks=tasks, params={"word": "alpha"},
        check_timeout=timeout, **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def lab(tmp_path: Path) -> Path:
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "test_demo.py").write_text(CHECKS)
    (tmp_path / "checks" / "test_hang.py").write_text(HANG)
    return tmp_path


def test_outcomes_messages_weights_and_tasks(lab: Path) -> None:
    ctx = make_ctx(lab, [TaskChecks("main", ["checks/test_demo.py"])])
    run = run_checks(ctx)
    by_name = {c.name: c for c in run.checks}
    assert list(by_name) == ["test_param_ok", "test_param_wrong", "test_env_info", "test_bare_assert",
                             "test_error", "test_param[1]", "test_param[2]"]
    assert by_name["test_param_ok"].passed and by_name["test_param_ok"].weight == 3
    assert by_name["test_param_wrong"].message == "expected beta, found alpha"
    assert by_name["test_env_info"].passed
    assert by_name["test_bare_assert"].message == 'check failed: assert params["word"] == "gamma"'
    assert by_name["test_error"].message == "KeyError: 'missing'"
    assert by_name["test_param[2]"].message == "n is 2"
    assert {c.task for c in run.checks} == {"main"}
    assert run.errors == [] and run.collect_errors == [] and run.workers == 1


def test_node_ids_and_task_filter(lab: Path) -> None:
    tasks = [TaskChecks("a", ["checks/test_demo.py::test_param_ok"]),
             TaskChecks("b", ["checks/test_demo.py::test_param"])]
    run = run_checks(make_ctx(lab, tasks))
    assert [(c.name, c.task) for c in run.checks] == [
        ("test_param_ok", "a"), ("test_param[1]", "b"), ("test_param[2]", "b")]
    only_b = run_checks(make_ctx(lab, tasks, only_tasks=["b"]))
    assert [c.task for c in only_b.checks] == ["b", "b"]


def test_hung_checks_time_out_and_grading_goes_on(lab: Path) -> None:
    ctx = make_ctx(lab, [TaskChecks("hang", ["checks/test_hang.py"])])
    started = time.monotonic()
    run = run_checks(ctx, grace=0.5)
    elapsed = time.monotonic() - started
    by_name = {c.name: c for c in run.checks}
    assert by_name["test_1_sleeps"].outcome == "timeout"
    assert by_name["test_1_sleeps"].message.startswith("timed out after 1 s")
    assert by_name["test_2_after"].passed
    # swallowed the timeout: the watchdog killed the worker and a second one graded the rest
    assert by_name["test_3_swallows"].outcome == "timeout"
    assert by_name["test_3_swallows"].message.startswith("timed out after 1.5 s")
    assert [c.timeout for c in run.checks] == [1, 30, 1.5, 30]
    assert by_name["test_4_last"].outcome == "failed" and by_name["test_4_last"].message == "one is not two"
    assert run.workers == 2
    assert elapsed < 20


def test_learner_or_host_config_cannot_change_how_checks_run(
    lab: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # conftest.py / pytest.ini next to the checks, and PYTEST_* settings in the environment
    # that would make every check pass or break the run: all ignored.
    evil = (
        "import pytest\n"
        "@pytest.hookimpl(wrapper=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    report = yield\n"
        "    report.outcome = 'passed'\n"
        "    return report\n"
    )
    for where in (lab, lab / "checks"):
        (where / "conftest.py").write_text(evil)
        (where / "pytest.ini").write_text("[pytest]\naddopts = -p no:nonexistent --bogus-flag\n")
    monkeypatch.setenv("PYTEST_ADDOPTS", "--bogus-flag")
    monkeypatch.setenv("PYTEST_PLUGINS", "no_such_plugin_module")
    run = run_checks(make_ctx(lab, [TaskChecks("main", ["checks/test_demo.py"])]))
    assert not {c.name: c for c in run.checks}["test_param_wrong"].passed
    assert len(run.checks) == 7
    assert not (lab / "checks" / "__pycache__").exists()  # nothing written into the lab folder


def test_broken_check_files_and_ambiguous_checks_are_reported(lab: Path) -> None:
    (lab / "checks" / "test_broken.py").write_text("def test_x(:\n")
    tasks = [TaskChecks("main", ["checks/test_broken.py", "checks/test_demo.py::test_param_ok"])]
    run = run_checks(make_ctx(lab, tasks))
    assert run.collect_errors and run.collect_errors[0][0] == "checks/test_broken.py"
    assert "could not be loaded" in run.collect_errors[0][1]
    assert [c.name for c in run.checks] == ["test_param_ok"]

    shared = [TaskChecks("a", ["checks/test_demo.py"]), TaskChecks("b", ["checks/test_demo.py"])]
    run = run_checks(make_ctx(lab, shared))
    assert run.errors and "under several tasks (a, b)" in run.errors[0]
    assert run.checks == []


def test_a_check_that_kills_its_worker_fails_alone(lab: Path) -> None:
    (lab / "checks" / "test_exit.py").write_text(
        "import os\n\n\ndef test_a():\n    pass\n\n\ndef test_b():\n    os._exit(9)\n\n\n"
        "def test_c():\n    assert False, 'c fails normally'\n"
    )
    run = run_checks(make_ctx(lab, [TaskChecks("main", ["checks/test_exit.py"])]))
    by_name = {c.name: c for c in run.checks}
    assert by_name["test_a"].passed
    assert by_name["test_b"].outcome == "error"
    assert by_name["test_b"].message.startswith("the check stopped the grading process (exit code 9)")
    assert by_name["test_c"].message == "c fails normally"
    assert run.workers == 2
