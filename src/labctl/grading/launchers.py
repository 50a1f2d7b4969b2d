"""How the grader starts its worker processes.

`SubprocessLauncher` (the default, one `labctl grade`) starts a fresh Python
per run. `ZygoteLauncher` (many runs in a row: a class, `labctl test`) forks
each run from a warm zygote process (labctl.grading.zygote) that has already
imported pytest, testinfra and the Docker SDK. Either way a run is one
process leading its own process group, which the grader polls, waits for and
kills through the same small interface.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any, Protocol

from labctl import runner
from labctl.errors import LabctlError
from labctl.grading import lifeline
from labctl.logtail import tail_file

START_TIMEOUT = 60.0
KILL_WAIT = 10.0


class WorkerProcess(Protocol):
    pid: int

    def poll(self) -> int | None:
        """Its exit code once it has ended (negative: killed by that signal), else None."""

    def wait(self, timeout: float) -> int | None:
        """Wait up to `timeout` seconds; its exit code, or None if it still runs."""

    def kill(self) -> None:
        """Kill it and whatever it started (its process group); return once it is gone."""


class Launcher(Protocol):
    def temp_root(self) -> Path | None:
        """Where the grader makes its run dirs (None: the system's temp dir)."""

    def start(self, context_file: Path, targets: list[str], log: Path, cwd: Path) -> WorkerProcess:
        """Start a grading worker on this context (it may not exist yet: the worker waits)."""


def worker_command(module: str = "labctl.grading.worker") -> list[str]:
    # -P: the cwd (our temp dir) is not on sys.path; -B: never write .pyc into the lab folder
    return [sys.executable, "-P", "-B", "-m", module]


def worker_env() -> dict[str, str]:
    """Make this very labctl importable in the worker, however this process found it
    (installed, editable, user site, or a source checkout on sys.path)."""
    import labctl

    package_root = str(Path(labctl.__file__).resolve().parent.parent)
    existing = os.environ.get("PYTHONPATH", "")
    return {"PYTHONPATH": os.pathsep.join(p for p in (package_root, existing) if p)}


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


class _Subprocess:
    def __init__(self, proc: subprocess.Popen[bytes]):
        self.proc = proc
        self.pid = proc.pid

    def poll(self) -> int | None:
        return self.proc.poll()

    def wait(self, timeout: float) -> int | None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            return self.proc.wait(timeout=timeout)
        return None

    def kill(self) -> None:
        # runner.spawn starts a new session: the group holds any `docker exec` CLI a check started
        _kill_group(self.pid)
        self.proc.wait()


class SubprocessLauncher:
    """A fresh `python -m labctl.grading.worker` per run."""

    def temp_root(self) -> Path | None:
        return None

    def start(self, context_file: Path, targets: list[str], log: Path, cwd: Path) -> WorkerProcess:
        # The worker dies with us (lifeline): a kill -9 of `labctl grade` leaves no worker behind.
        env = {**worker_env(), lifeline.PARENT_ENV: str(os.getpid())}
        proc = runner.spawn([*worker_command(), str(context_file), *targets], log_file=log, cwd=cwd,
                            env=env)
        return _Subprocess(proc)


class _Forked:
    """A worker forked by the zygote: not our child, so its end is reported by the zygote."""

    def __init__(self, pid: int):
        self.pid = pid
        self._code: int | None = None
        self._ended = threading.Event()

    def ended(self, code: int) -> None:
        self._code = code
        self._ended.set()

    def poll(self) -> int | None:
        return self._code if self._ended.is_set() else None

    def wait(self, timeout: float) -> int | None:
        self._ended.wait(timeout)
        return self.poll()

    def kill(self) -> None:
        if self._ended.is_set():
            return  # its pid may belong to someone else by now
        _kill_group(self.pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.pid, signal.SIGKILL)  # forked a moment ago: maybe not a group leader yet
        self._ended.wait(KILL_WAIT)


class ZygoteLauncher:
    """Forks each run from one warm zygote; thread-safe, for graders running in parallel.

    Use it as a context manager (or call close()): closing ends the zygote, which kills
    any worker still running."""

    def __init__(self, preload: list[str] | None = None, checks: list[Path] | None = None):
        #: modules to import beyond pytest/testinfra/docker, and check files to import ahead
        self.preload = list(preload or [])
        self.checks = [str(c) for c in checks or []]
        self._log_dir: Path | None = None  # the zygote's stderr; removed by close()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._proc: subprocess.Popen[bytes] | None = None
        self._stdin: IO[bytes] | None = None
        self._starting: dict[int, tuple[threading.Event, list[Any]]] = {}
        self._workers: dict[int, _Forked] = {}
        self._write_lock = threading.Lock()  # never held with _lock: the reader needs that one

    def __enter__(self) -> ZygoteLauncher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def temp_root(self) -> Path | None:
        """The zygote's own temp dir: it holds its log and the run dirs, and whoever ends
        last (this launcher's close(), or the zygote after a killed grader) removes it."""
        with self._lock:
            return self._temp_dir()

    def warm(self) -> None:
        """Start the zygote now rather than with the first run (a server warms it at start-up,
        so a learner's first Check is as fast as the next ones)."""
        with self._lock:
            self._ensure_running()

    def _temp_dir(self) -> Path:
        import tempfile

        if self._log_dir is None:
            self._log_dir = Path(tempfile.mkdtemp(prefix="labctl-zygote-"))
        return self._log_dir

    def _ensure_running(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self._temp_dir()
        assert self._log_dir is not None
        self._proc = runner.serve([*worker_command("labctl.grading.zygote"), "--tmp", str(self._log_dir),
                                   *self.preload,
                                   *(["--checks", *self.checks] if self.checks else [])],
                                  log_file=self._log_dir / "zygote.log", env=worker_env())
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._stdin = self._proc.stdin
        threading.Thread(target=self._read, args=(self._proc, self._proc.stdout), daemon=True,
                         name="zygote-reader").start()

    def _read(self, proc: subprocess.Popen[bytes], stdout: IO[bytes]) -> None:
        for line in stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            with self._lock:
                if "id" in message:
                    waiter = self._starting.pop(int(message["id"]), None)
                    if waiter is not None:
                        if "pid" in message:
                            worker = self._workers[int(message["pid"])] = _Forked(int(message["pid"]))
                            waiter[1].append(worker)
                        else:
                            waiter[1].append(str(message.get("error")))
                        waiter[0].set()
                elif "exit" in message:
                    ended = self._workers.pop(int(message["exit"]), None)
                    if ended is not None:
                        ended.ended(int(message["code"]))
        # the zygote is gone: its workers were killed with it, or will never be reported
        with self._lock:
            for worker in self._workers.values():
                worker.ended(-int(signal.SIGKILL))
            self._workers.clear()
            for event, box in self._starting.values():
                box.append("the grading zygote ended")
                event.set()
            self._starting.clear()
        proc.wait()

    def start(self, context_file: Path, targets: list[str], log: Path, cwd: Path) -> WorkerProcess:
        event, box = threading.Event(), list[Any]()
        with self._lock:
            self._ensure_running()
            request_id = next(self._ids)
            self._starting[request_id] = (event, box)
            stdin = self._stdin
        request = {"id": request_id, "context": str(context_file), "targets": targets,
                   "log": str(log), "cwd": str(cwd)}
        try:
            assert stdin is not None
            with self._write_lock:
                stdin.write((json.dumps(request) + "\n").encode())
                stdin.flush()
        except (OSError, ValueError):  # ValueError: closed meanwhile
            with self._lock:
                self._starting.pop(request_id, None)
            box.append("the grading zygote is not running")
            event.set()
        if not event.wait(START_TIMEOUT) or not box:
            raise LabctlError(f"the grading zygote did not start a worker within {START_TIMEOUT:.0f} s.")
        outcome = box[0]
        if isinstance(outcome, str):
            raise LabctlError(f"could not start a grading worker: {outcome}.",
                              hint="Run the grade again; the grading zygote's last words are below.",
                              details=self._log_tail() or None)
        assert isinstance(outcome, _Forked)
        return outcome

    def _log_tail(self) -> str:
        return "" if self._log_dir is None else tail_file(self._log_dir / "zygote.log")

    def close(self) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
            if self._stdin is not None:
                with contextlib.suppress(OSError):
                    self._stdin.close()
                self._stdin = None
            log_dir, self._log_dir = self._log_dir, None
        if proc is not None:
            try:
                proc.wait(timeout=KILL_WAIT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if log_dir is not None:
            shutil.rmtree(log_dir, ignore_errors=True)
