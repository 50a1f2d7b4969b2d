"""Run a lab's checks in an isolated pytest subprocess and collect their outcomes.

The worker (labctl.grading.worker) gets a labctl-owned temp dir as its cwd and
rootdir, the context as a JSON file, and reports events as JSON lines. It
times checks out itself (SIGALRM); this side is the watchdog behind that: if
a check outlives its budget plus a grace period (a check that swallowed the
timeout, a C call that never returns), the worker's process group is killed,
that check is recorded as timed out, and a new worker grades the checks that
had not run yet. Grading always finishes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from labctl.errors import LabctlError
from labctl.grading.context import GradingContext
from labctl.grading.launchers import Launcher, SubprocessLauncher, WorkerProcess
from labctl.grading.messages import CheckTimeout
from labctl.logtail import tail_file

#: run dirs are named after the grader's pid, so the next run can tell which are stale
RUNDIR_PREFIX = "labctl-grade-"
#: an old-style run dir (no pid in its name) older than this is stale
STALE_AGE = 3600.0
WATCHDOG_GRACE = 4.0
COLLECT_TIMEOUT = 120.0
POLL = 0.01
#: pytest exit codes that mean "it ran": ok, some tests failed, nothing collected
PYTEST_RAN = (0, 1, 5)


@dataclass
class CheckOutcome:
    key: str
    file: str
    name: str
    task: str
    weight: float
    passed: bool = False
    outcome: str = "not run"
    message: str = ""
    duration: float = 0.0
    #: its time budget in seconds (the lab's check_timeout or its timeout marker)
    timeout: float = 30.0
    #: how to name it on a pytest command line (absolute path::tail)
    arg: str = field(default="", repr=False)


@dataclass
class RunResult:
    checks: list[CheckOutcome] = field(default_factory=list)
    #: (check file relative to the lab, message)
    collect_errors: list[tuple[str, str]] = field(default_factory=list)
    #: lab authoring errors (a check mapped to no task or to several)
    errors: list[str] = field(default_factory=list)
    duration: float = 0.0
    workers: int = 0


class _Events:
    """Reads the worker's JSON-lines results file as it grows."""

    def __init__(self, path: Path):
        self.path = path
        self._fh: IO[str] | None = None
        self._partial = ""

    def read(self) -> list[dict[str, Any]]:
        if self._fh is None:
            try:
                self._fh = open(self.path, encoding="utf-8")  # noqa: SIM115 - closed by close()
            except FileNotFoundError:
                return []
        chunk = self._fh.read()
        if not chunk:
            return []
        text = self._partial + chunk
        lines = text.split("\n")
        self._partial = lines.pop()  # an incomplete last line waits for the next read
        return [json.loads(line) for line in lines if line.strip()]

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def sweep_stale_rundirs(root: Path) -> int:
    """Remove run dirs a killed grader left behind (`kill -9 labctl grade`): ours, whose grader
    is dead. Returns how many went."""
    removed = 0
    uid = os.getuid()
    try:
        found = list(root.glob(f"{RUNDIR_PREFIX}*"))
    except OSError:
        return 0
    for folder in found:
        match = re.match(rf"{RUNDIR_PREFIX}(\d+)-", folder.name)
        try:
            info = folder.lstat()
        except OSError:
            continue
        if info.st_uid != uid or not folder.is_dir() or folder.is_symlink():
            continue
        old = time.time() - info.st_mtime > STALE_AGE
        if (old if match is None else not _alive(int(match.group(1)))):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _write_atomically(ctx: GradingContext, path: Path) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    ctx.write(tmp)
    tmp.replace(path)
    return path


def run_checks(
    source: GradingContext | Callable[[], GradingContext],
    *,
    grace: float = WATCHDOG_GRACE,
    collect_timeout: float = COLLECT_TIMEOUT,
    launcher: Launcher | None = None,
) -> RunResult:
    """Grade: run every check of the context's tasks; never hangs longer than the budgets.

    Given a function that makes the context, the worker starts first (importing pytest,
    testinfra and the Docker SDK takes a while) and the context is gathered meanwhile.
    `launcher` starts the workers (default: a fresh process each; see grading.launchers)."""
    launcher = launcher or SubprocessLauncher()
    started = time.monotonic()
    result = RunResult()
    ctx = source if isinstance(source, GradingContext) else None
    items: dict[str, CheckOutcome] = {}
    root = launcher.temp_root()
    if root is None:
        sweep_stale_rundirs(Path(tempfile.gettempdir()))
    rundir = Path(tempfile.mkdtemp(prefix=f"{RUNDIR_PREFIX}{os.getpid()}-", dir=root))
    targets: list[str] = []
    proc: WorkerProcess | None = None
    try:
        while True:
            result.workers += 1
            results_file = rundir / f"results-{result.workers}.jsonl"
            context_file = rundir / f"context-{result.workers}.json"
            log = rundir / f"worker-{result.workers}.log"
            proc = launcher.start(context_file, targets, log, rundir)
            if ctx is None:
                assert callable(source)
                ctx = source()
            _write_atomically(replace(ctx, results_file=str(results_file)), context_file)
            events = _Events(results_file)
            running: tuple[str, float] | None = None
            hung: str | None = None
            finished = False
            spawned = time.monotonic()
            collected = False
            while True:
                exited = proc.poll() is not None
                for ev in events.read():
                    kind = ev.get("event")
                    if kind == "item":
                        collected = True
                        items.setdefault(ev["key"], CheckOutcome(
                            key=ev["key"], file=ev["file"], name=ev["name"], task=ev["task"],
                            weight=float(ev["weight"]), arg=str(ev["arg"]),
                            timeout=float(ev.get("timeout", ctx.check_timeout)),
                        ))
                    elif kind == "start":
                        collected = True
                        running = (ev["key"], time.monotonic())
                    elif kind == "result":
                        check = items.get(ev["key"])
                        if check is not None:
                            check.passed = bool(ev["passed"])
                            check.outcome = str(ev["outcome"])
                            check.message = str(ev["message"])
                            check.duration = float(ev["duration"])
                        running = None
                    elif kind == "collect_error":
                        entry = (str(ev["file"]), str(ev["message"]))
                        if entry not in result.collect_errors:
                            result.collect_errors.append(entry)
                    elif kind == "error" and ev["message"] not in result.errors:
                        result.errors.append(str(ev["message"]))
                if exited:
                    break
                if collected and running is None and all(c.outcome != "not run" for c in items.values()):
                    # every check has its result: what is left is pytest's and Python's shutdown
                    proc.kill()
                    finished = True
                    break
                now = time.monotonic()
                budget = items[running[0]].timeout if running and running[0] in items else ctx.check_timeout
                if running is not None and now - running[1] > budget + grace:
                    hung = running[0]
                    proc.kill()
                    break
                if not collected and now - spawned > collect_timeout:
                    proc.kill()
                    raise LabctlError(
                        f"loading the checks of lab {ctx.lab} took longer than {collect_timeout:.0f} s.",
                        hint="A check module probably blocks at import time; import lazily.",
                        details=tail_file(log) or None,
                    )
                proc.wait(POLL)
            events.close()
            code = 0 if finished else proc.poll()
            crashed = hung is None and running is not None and code not in PYTEST_RAN
            if hung is None and not crashed:
                if code not in PYTEST_RAN and not result.errors:
                    raise LabctlError(
                        f"the grading run of lab {ctx.lab} failed (pytest exit code {code}).",
                        hint="The worker's output is below; a check file or fixture module may be broken.",
                        details=tail_file(log) or None,
                    )
                break
            if hung is not None:
                timed_out = items[hung]
                timed_out.passed, timed_out.outcome = False, "timeout"
                timed_out.message = str(CheckTimeout(timed_out.timeout))
                timed_out.duration = timed_out.timeout + grace
            elif running is not None and running[0] in items:  # the check killed its worker
                dead = items[running[0]]
                dead.passed, dead.outcome = False, "error"
                dead.message = f"the check stopped the grading process (exit code {code}); the other checks still ran"
                dead.duration = time.monotonic() - running[1]
            pending = [c for c in items.values() if c.outcome == "not run"]
            if not pending:
                break
            targets = [c.arg for c in pending]
    finally:
        if proc is not None:
            proc.kill()
        shutil.rmtree(rundir, ignore_errors=True)
    for check in items.values():
        if check.outcome == "not run":
            check.message = check.message or "this check did not run (the grading worker stopped)"
    result.checks = list(items.values())
    result.duration = time.monotonic() - started
    return result
