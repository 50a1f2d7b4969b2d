"""The pytest plugin that grades: maps checks to tasks, times them out, records outcomes.

Outcomes are collected through hooks (never from pytest's text output) and
appended, one JSON object per line, to the context's results file as they
happen, so the grader still knows what finished if it has to stop a worker:

    {"event": "item", "key", "file", "name", "task", "weight", "arg"}   after collection
    {"event": "collect_error", "file", "message"}                     a check file that won't load
    {"event": "error", "message"}                                      a lab authoring error
    {"event": "start", "key"}                                          a check begins
    {"event": "result", "key", "passed", "outcome", "message", "duration"}

Per-check timeout: SIGALRM (main thread) raises CheckTimeout inside whatever
the check is blocked in (a socket read to the Docker API, a subprocess wait),
separately for setup, call and teardown within one budget per check.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Generator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pytest

from labctl.grading.context import GradingContext
from labctl.grading.mapping import MappingError, assign
from labctl.grading.messages import CheckTimeout, message_for, shorten

MARKERS = (
    "points(n): the weight of this check within its task (default 1)",
    "task(id): the task this check belongs to (when the spec lists its file under several tasks)",
    "timeout(seconds): this check's time budget (default: the lab's check_timeout)",
)
TEARDOWN_GRACE = 2.0


@functools.lru_cache(maxsize=64)
def _statement_spans(path: Path) -> list[tuple[int, int]]:
    """(first line, last line) of every statement in a check file, innermost last."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    spans = [(n.lineno, n.end_lineno or n.lineno) for n in ast.walk(tree) if isinstance(n, ast.stmt)]
    return sorted(spans, key=lambda span: span[0] - span[1])


def _statement(excinfo: pytest.ExceptionInfo[BaseException], path: Path) -> str | None:
    """The source of the check's statement that failed (for bare asserts). Parses the file
    once per worker; pytest's own `entry.statement` parses it again for every failure."""
    try:
        tb: TracebackType | None = excinfo.tb
        lineno = None
        while tb is not None:
            if Path(tb.tb_frame.f_code.co_filename) == path:
                lineno = tb.tb_lineno
            tb = tb.tb_next
        if lineno is None:
            return None
        start, end = next(((a, b) for a, b in reversed(_statement_spans(path)) if a <= lineno <= b),
                          (lineno, lineno))
        lines = path.read_text(encoding="utf-8").splitlines()[start - 1:end]
        return "\n".join(lines).strip()
    except Exception:
        return None


def _plain_failure(excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
    """A failure's report text: pytest's own (a formatted traceback with source, built even
    with --tb=no) costs more CPU than many checks; nobody reads it, the plugin sends messages."""
    return f"{excinfo.typename}: {excinfo.value}"


def _weight(item: pytest.Item) -> float:
    marker = item.get_closest_marker("points")
    if marker is None:
        return 1.0
    value = marker.args[0] if marker.args else marker.kwargs.get("n", 1)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise MappingError(f"check {item.nodeid}: points(...) takes a number >= 0, got {value!r}")
    return float(value)


def _timeout(item: pytest.Item, default: float) -> float:
    marker = item.get_closest_marker("timeout")
    if marker is None:
        return default
    value = marker.args[0] if marker.args else marker.kwargs.get("seconds", default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise MappingError(f"check {item.nodeid}: timeout(...) takes a number of seconds > 0, got {value!r}")
    return float(value)


class GradingPlugin:
    def __init__(self, ctx: GradingContext, out: IO[str] | None = None, *, exit_when_done: bool = False):
        self.ctx = ctx
        #: a worker process ends as soon as the last check reported (skipping pytest's summary,
        #: unconfigure and interpreter shutdown: a tenth of a second of CPU per grading run)
        self.exit_when_done = exit_when_done
        self._failed = False
        self._out = out if out is not None else open(ctx.results_file, "a", encoding="utf-8")  # noqa: SIM115
        self._keys: dict[str, str] = {}  # pytest nodeid -> our key
        self._outcome: dict[str, dict[str, Any]] = {}
        self._reported: set[str] = set()
        self._deadline: dict[str, float] = {}
        self._budget: dict[str, float] = {}  # pytest nodeid -> seconds
        self._lab_dir = Path(ctx.lab_path).resolve()
        self.errors: list[str] = []

    # -- output ---------------------------------------------------------------

    def emit(self, event: str, **data: Any) -> None:
        self._out.write(json.dumps({"event": event, **data}, default=str) + "\n")
        self._out.flush()

    def _rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self._lab_dir).as_posix()
        except ValueError:
            return path.as_posix()

    # -- configuration and collection ---------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        for line in MARKERS:
            config.addinivalue_line("markers", line)

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(
        self, collector: pytest.Collector
    ) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
        report = yield
        if report.failed:
            text = str(report.longreprtext or "").strip().splitlines()
            last = next((ln.strip() for ln in reversed(text) if ln.strip().startswith("E ")), "")
            detail = last.removeprefix("E").strip() or (text[-1].strip() if text else "")
            self.emit("collect_error", file=self._rel(collector.path),
                      message=shorten(f"the check file could not be loaded: {detail}"))
        return report

    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        keep: list[pytest.Item] = []
        drop: list[pytest.Item] = []
        for item in items:
            file = self._rel(item.path)
            tail = item.nodeid.split("::", 1)[1] if "::" in item.nodeid else item.name
            marker = item.get_closest_marker("task")
            marker_task = None
            if marker is not None:
                marker_task = str(marker.args[0] if marker.args else marker.kwargs.get("id", ""))
            try:
                task = assign(file, tail, self.ctx.tasks, marker_task)
                weight = _weight(item)
                budget = _timeout(item, self.ctx.check_timeout)
            except MappingError as exc:
                self.errors.append(str(exc))
                self.emit("error", message=str(exc))
                drop.append(item)
                continue
            if task is None or (self.ctx.only_tasks and task not in self.ctx.only_tasks):
                drop.append(item)
                continue
            key = f"{file}::{tail}"
            self._keys[item.nodeid] = key
            self._budget[item.nodeid] = budget
            item.repr_failure = _plain_failure  # type: ignore[method-assign]
            item._repr_failure_py = _plain_failure  # type: ignore[method-assign,assignment]
            keep.append(item)
            self.emit("item", key=key, file=file, name=item.name, task=task, weight=weight,
                      timeout=budget, arg=f"{item.path}::{tail}")
        if self.errors:  # an authoring error: grade nothing rather than something wrong
            drop, keep = drop + keep, []
        if drop:
            config.hook.pytest_deselected(items=drop)
        items[:] = keep

    # -- running --------------------------------------------------------------

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        key = self._keys.get(nodeid)
        if key is None:
            return
        self._deadline[nodeid] = time.monotonic() + self._budget.get(nodeid, self.ctx.check_timeout)
        self._outcome[nodeid] = {"passed": True, "outcome": "passed", "message": "", "duration": 0.0}
        self.emit("start", key=key)

    def _armed(self, item: pytest.Item, phase: str) -> Generator[None, Any, Any]:
        deadline = self._deadline.get(item.nodeid)
        can_alarm = threading.current_thread() is threading.main_thread()
        if deadline is None or not can_alarm:
            return (yield)
        remaining = deadline - time.monotonic()
        if phase == "teardown":
            remaining = max(remaining, TEARDOWN_GRACE)
        budget = self._budget.get(item.nodeid, self.ctx.check_timeout)
        if remaining <= 0:
            raise CheckTimeout(budget, phase)

        def on_alarm(signum: int, frame: Any) -> None:
            raise CheckTimeout(budget, phase)

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, remaining)
        try:
            return (yield)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, Any, Any]:
        return (yield from self._armed(item, "setup"))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, Any, Any]:
        return (yield from self._armed(item, "call"))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, Any, Any]:
        return (yield from self._armed(item, "teardown"))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        state = self._outcome.get(item.nodeid)
        if state is None:
            return report
        state["duration"] += report.duration
        if report.passed or not state["passed"]:
            return report  # keep the first failure's message
        state["passed"] = False
        if report.skipped:
            state["outcome"] = "skipped"
            reason = ""
            if isinstance(report.longrepr, tuple):
                reason = str(report.longrepr[2]).removeprefix("Skipped: ")
            state["message"] = shorten(f"skipped: {reason}" if reason else "skipped")
        else:
            state["outcome"] = "error" if call.when != "call" else "failed"
            excinfo = call.excinfo
            if excinfo is not None:
                if isinstance(excinfo.value, CheckTimeout):
                    state["outcome"] = "timeout"
                state["message"] = message_for(excinfo.value, lambda: _statement(excinfo, item.path))
            else:
                state["message"] = "check failed"
        return report

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        state = self._outcome.pop(nodeid, None)
        key = self._keys.get(nodeid)
        if state is None or key is None:
            return
        self.emit("result", key=key, passed=state["passed"], outcome=state["outcome"],
                  message=state["message"], duration=round(state["duration"], 4))
        self._failed |= not state["passed"]
        self._reported.add(nodeid)
        if self.exit_when_done and self._reported >= self._keys.keys():
            # every teardown has run (the last item's tears the module and session fixtures down)
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            os._exit(1 if self._failed else 0)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self._out.flush()
