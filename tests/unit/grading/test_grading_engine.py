"""The grading engine without Docker: a pytest subprocess on checks that use params and env.

Real subprocesses and real pytest (no mocks): outcomes through the plugin's hooks,
per-check timeouts, the watchdog, hermetic configuration and authoring errors, each with
both ways of starting workers (a fresh Python each, or forked from the grading zygote).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from labctl.grading.context import GradingContext, TaskChecks
from labctl.grading.engine import run_checks
from labctl.grading.launchers import Launcher, SubprocessLauncher, ZygoteLauncher

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


@pytest.fixture(params=["subprocess", "zygote"])
def launcher(request: pytest.FixtureRequest) -> Iterator[Launcher]:
    if request.param == "subprocess":
        yield SubprocessLauncher()
        return
    with ZygoteLauncher() as zygote:
        yield zygote


@pytest.fixture
def lab(tmp_path: Path) -> Path:
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "test_demo.py").write_text(CHECKS)
    (tmp_path / "checks" / "test_hang.py").write_text(HANG)
    return tmp_path


def test_outcomes_messages_weights_and_tasks(lab: Path, launcher: Launcher) -> None:
    ctx = make_ctx(lab, [TaskChecks("main", ["checks/test_demo.py"])])
    run = run_checks(ctx, launcher=launcher)
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


def test_node_ids_and_task_filter(lab: Path, launcher: Launcher) -> None:
    tasks = [TaskChecks("a", ["checks/test_demo.py::test_param_ok"]),
             TaskChecks("b", ["checks/test_demo.py::test_param"])]
    run = run_checks(make_ctx(lab, tasks), launcher=launcher)
    assert [(c.name, c.task) for c in run.checks] == [
        ("test_param_ok", "a"), ("test_param[1]", "b"), ("test_param[2]", "b")]
    only_b = run_checks(make_ctx(lab, tasks, only_tasks=["b"]), launcher=launcher)
    assert [c.task for c in only_b.checks] == ["b", "b"]


def test_hung_checks_time_out_and_grading_goes_on(lab: Path, launcher: Launcher) -> None:
    ctx = make_ctx(lab, [TaskChecks("hang", ["checks/test_hang.py"])])
    started = time.monotonic()
    run = run_checks(ctx, grace=0.5, launcher=launcher)
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


@pytest.mark.parametrize("zygote", [False, True], ids=["subprocess", "zygote"])
def test_learner_or_host_config_cannot_change_how_checks_run(
    lab: Path, monkeypatch: pytest.MonkeyPatch, zygote: bool
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
    # (a zygote started now inherits those settings, like a fresh worker would)
    with ZygoteLauncher() if zygote else contextlib.nullcontext(SubprocessLauncher()) as launcher:
        run = run_checks(make_ctx(lab, [TaskChecks("main", ["checks/test_demo.py"])]), launcher=launcher)
    assert not {c.name: c for c in run.checks}["test_param_wrong"].passed
    assert len(run.checks) == 7
    assert not (lab / "checks" / "__pycache__").exists()  # nothing written into the lab folder


def test_broken_check_files_and_ambiguous_checks_are_reported(lab: Path, launcher: Launcher) -> None:
    (lab / "checks" / "test_broken.py").write_text("def test_x(:\n")
    tasks = [TaskChecks("main", ["checks/test_broken.py", "checks/test_demo.py::test_param_ok"])]
    run = run_checks(make_ctx(lab, tasks), launcher=launcher)
    assert run.collect_errors and run.collect_errors[0][0] == "checks/test_broken.py"
    assert "could not be loaded" in run.collect_errors[0][1]
    assert [c.name for c in run.checks] == ["test_param_ok"]

    shared = [TaskChecks("a", ["checks/test_demo.py"]), TaskChecks("b", ["checks/test_demo.py"])]
    run = run_checks(make_ctx(lab, shared), launcher=launcher)
    assert run.errors and "under several tasks (a, b)" in run.errors[0]
    assert run.checks == []


def test_a_check_that_kills_its_worker_fails_alone(lab: Path, launcher: Launcher) -> None:
    (lab / "checks" / "test_exit.py").write_text(
        "import os\n\n\ndef test_a():\n    pass\n\n\ndef test_b():\n    os._exit(9)\n\n\n"
        "def test_c():\n    assert False, 'c fails normally'\n"
    )
    run = run_checks(make_ctx(lab, [TaskChecks("main", ["checks/test_exit.py"])]), launcher=launcher)
    by_name = {c.name: c for c in run.checks}
    assert by_name["test_a"].passed
    assert by_name["test_b"].outcome == "error"
    assert by_name["test_b"].message.startswith("the check stopped the grading process (exit code 9)")
    assert by_name["test_c"].message == "c fails normally"
    assert run.workers == 2


LEAKS = """
import json
import os


def test_nothing_left_by_an_earlier_run():
    assert "LABCTL_TEST_LEAK" not in os.environ and not hasattr(json, "leak")
    os.environ["LABCTL_TEST_LEAK"] = "1"
    json.leak = True
"""


def test_zygote_runs_are_isolated_from_each_other_and_can_run_in_parallel(tmp_path: Path) -> None:
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "test_leak.py").write_text(LEAKS)
    ctx = make_ctx(tmp_path, [TaskChecks("main", ["checks/test_leak.py"])])
    with ZygoteLauncher() as zygote, ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: run_checks(ctx, launcher=zygote), range(8)))
        pids = set(zygote._workers)  # every worker has ended and was reported
    assert all(len(r.checks) == 1 and r.checks[0].passed for r in runs), [r.checks for r in runs]
    assert pids == set()


def test_closing_the_zygote_kills_its_running_workers(tmp_path: Path) -> None:
    zygote = ZygoteLauncher()
    # a worker waiting for a context that never comes would wait two minutes
    worker = zygote.start(tmp_path / "never.json", [], tmp_path / "w.log", tmp_path)
    assert worker.poll() is None
    zygote.close()
    assert worker.wait(10) is not None
    with pytest.raises(ProcessLookupError):
        os.kill(worker.pid, 0)


def test_workers_die_with_a_killed_zygote(tmp_path: Path) -> None:
    with ZygoteLauncher() as zygote:
        worker = zygote.start(tmp_path / "never.json", [], tmp_path / "w.log", tmp_path)
        assert zygote._proc is not None
        os.kill(zygote._proc.pid, signal.SIGKILL)  # no chance to clean up: the kernel does it
        zygote._proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _running(worker.pid):
            time.sleep(0.05)
        assert not _running(worker.pid)


def _running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_dead_zygote_is_replaced(tmp_path: Path, lab: Path) -> None:
    ctx = make_ctx(lab, [TaskChecks("main", ["checks/test_demo.py::test_param_ok"])])
    with ZygoteLauncher() as zygote:
        assert run_checks(ctx, launcher=zygote).checks[0].passed
        assert zygote._proc is not None
        os.kill(zygote._proc.pid, signal.SIGKILL)
        zygote._proc.wait()
        assert run_checks(ctx, launcher=zygote).checks[0].passed


PRELOADED = """
import os

IMPORTED_IN = os.getpid()
print("a check module that prints on import")


def test_imported_ahead_by_the_zygote():
    assert IMPORTED_IN != os.getpid()
"""


def test_zygote_imports_check_modules_ahead_and_still_reports_broken_ones(tmp_path: Path) -> None:
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "test_ahead.py").write_text(PRELOADED)
    (checks / "test_broken.py").write_text("def test_x(:\n")
    ctx = make_ctx(tmp_path, [TaskChecks("main", ["checks/test_ahead.py", "checks/test_broken.py"])])
    with ZygoteLauncher(checks=[checks / "test_ahead.py", checks / "test_broken.py"]) as zygote:
        for _ in range(2):
            run = run_checks(ctx, launcher=zygote)
            assert [(c.name, c.passed) for c in run.checks] == [("test_imported_ahead_by_the_zygote", True)]
            assert [f for f, _ in run.collect_errors] == ["checks/test_broken.py"]
    # a fresh worker imports it itself
    assert not run_checks(ctx).checks[0].passed
