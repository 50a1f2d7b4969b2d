"""The grading zygote: `python -P -B -m labctl.grading.zygote [--tmp DIR] [MODULE...] [--checks FILE...]`.

A grading worker spends most of its start-up importing pytest, testinfra and
the Docker SDK (~0.4 CPU-s here), more than phase1's checks themselves cost.
Grading a class of 30 would pay that 30 times. The zygote imports them (and
the lab's check modules, as pytest would import them) once and forks one
worker per grading run instead: each run still gets a process of
its own (nothing leaks from one student's grading into the next), in a new
session so the grader's watchdog can kill its whole group, with stdout and
stderr in the run's log, exactly like a worker started by the grader.

Protocol: one JSON object per line. Requests on stdin,
`{"id": N, "context": PATH, "targets": [...], "log": PATH, "cwd": PATH}`;
answers on stdout, `{"id": N, "pid": PID}` once the worker is forked (or
`{"id": N, "error": TEXT}`), then `{"exit": PID, "code": CODE}` when it ends
(CODE negative: killed by that signal, as in subprocess). End of stdin (the
grader is done, or died) kills every worker still running and ends the zygote,
which then removes what a killed grader could not: its temp dir (`--tmp`), which
holds its log and the grader's run dirs.

The zygote itself stays single-threaded and opens no connection before it
forks (the workers open their own), so forking it is safe. Its answers go to
a private copy of stdout: whatever a module prints on import lands in the log.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import select
import signal
import sys
import traceback
from typing import Any, NoReturn

from labctl.grading import lifeline

#: what every grading worker imports before its first check
PRELOAD = (
    "pytest", "testinfra", "docker",
    "labctl.grading.worker", "labctl.grading.fixtures", "labctl.grading.plugin", "labctl.grading.dockerapi",
    "pdb",  # pytest's debugging plugin imports it (and readline) when a session starts
)
#: a worker that raised outside pytest (pytest's own exit codes are 0-5)
EXIT_CRASHED = 70
#: a check module that takes longer than this to import is left for the worker to import
CHECK_IMPORT_BUDGET = 10

_answers = 1  # the fd answers go to (serve() moves it off fd 1)


class _GraderGone(Exception):
    """The grader closed its end of the answers pipe (it ended, or was killed)."""


def _send(message: dict[str, Any]) -> None:
    data = (json.dumps(message) + "\n").encode()
    try:
        while data:
            data = data[os.write(_answers, data):]
    except OSError as exc:  # EPIPE: nobody reads the answers any more
        raise _GraderGone from exc


class _Slow(Exception):
    pass


def _preload_checks(files: list[str]) -> None:
    """Import check modules the way pytest's default import mode does (their folder first on
    sys.path, the module named after the file), so the workers find them imported. One that
    fails or hangs is skipped: its worker imports it again and reports what is wrong."""
    def too_slow(*_: object) -> None:
        raise _Slow

    previous = signal.signal(signal.SIGALRM, too_slow)
    try:
        for file in files:
            folder, name = os.path.split(os.path.abspath(file))
            if not name.endswith(".py") or name == "__init__.py" or os.path.exists(
                    os.path.join(folder, "__init__.py")):
                continue  # a package: pytest names it differently; let it
            if sys.path[0] != folder:
                sys.path.insert(0, folder)
            signal.alarm(CHECK_IMPORT_BUDGET)
            try:
                importlib.import_module(name[:-3])
            except BaseException:  # a broken check file is the worker's to report
                sys.modules.pop(name[:-3], None)
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _worker(request: dict[str, Any], private: tuple[int, ...], zygote: int, libc: Any) -> NoReturn:
    """In the forked child: become a grading worker, never return."""
    code = EXIT_CRASHED
    try:
        if not lifeline.die_with_parent(zygote, libc):
            os._exit(EXIT_CRASHED)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in private:
            os.close(fd)
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDONLY)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(devnull)
        os.close(log)
        os.chdir(request["cwd"])
        from labctl.grading import worker

        code = worker.run(str(request["context"]), [str(t) for t in request.get("targets") or []])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def _reap(children: set[int]) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            children.clear()
            return
        if pid == 0:
            return
        children.discard(pid)
        _send({"exit": pid, "code": os.waitstatus_to_exitcode(status)})


def _kill_all(children: set[int]) -> None:
    for pid in children:
        for kill in (os.killpg, os.kill):
            with contextlib.suppress(OSError):
                kill(pid, signal.SIGKILL)
    for pid in children:  # reap them: whoever inherits them might not
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _plugin_modules() -> list[str]:
    """pytest's built-in plugins and testinfra's modules: pytest imports the former at each
    session's start, checks reach the latter through `host.file` and friends."""
    found: list[str] = []
    with contextlib.suppress(ImportError):
        from _pytest.config import default_plugins, essential_plugins

        found += [f"_pytest.{name}" for name in dict.fromkeys((*essential_plugins, *default_plugins))]
    with contextlib.suppress(ImportError):
        from testinfra.modules import modules

        found += [f"testinfra.modules.{where.split(':')[0]}" for where in dict.fromkeys(modules.values())]
    return found


def _remove_temp_dirs(dirs: list[str]) -> None:
    """The zygote's temp dir (the grader removes it too, unless it was killed)."""
    import shutil
    import tempfile

    root = os.path.realpath(tempfile.gettempdir())
    for path in dirs:
        name = os.path.basename(path.rstrip("/"))
        if os.path.dirname(os.path.realpath(path)) == root and name.startswith("labctl-zygote-"):
            shutil.rmtree(path, ignore_errors=True)


def serve(argv: list[str]) -> int:
    global _answers
    _answers = os.dup(1)
    os.dup2(2, 1)  # prints go to the log, never into the answers
    own_tmp: list[str] = []
    if argv[:1] == ["--tmp"]:
        own_tmp, argv = argv[1:2], argv[2:]
    modules, checks = (argv[:argv.index("--checks")], argv[argv.index("--checks") + 1:]) \
        if "--checks" in argv else (argv, [])
    for module in (*PRELOAD, *modules, *_plugin_modules()):
        try:
            importlib.import_module(module)
        except ImportError:  # an SDK this lab does not need: its worker reports what is missing
            continue
    _preload_checks(checks)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake select() up
    children: set[int] = set()
    with contextlib.suppress(_GraderGone):
        _serve(children, wake_r, wake_w)
    _kill_all(children)  # the grader is done, or gone: no worker outlives it
    _remove_temp_dirs(own_tmp)
    return 0


def _serve(children: set[int], wake_r: int, wake_w: int) -> None:
    """Fork a worker per request until the grader closes stdin (or stops reading answers)."""
    pending = b""
    zygote, libc = os.getpid(), lifeline.libc()
    _send({"ready": zygote})
    while True:
        readable, _, _ = select.select([0, wake_r], [], [])
        if wake_r in readable:
            with contextlib.suppress(BlockingIOError):
                while os.read(wake_r, 512):
                    pass
            _reap(children)
        if 0 not in readable:
            continue
        chunk = os.read(0, 65536)
        if not chunk:
            return
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                pid = os.fork()
            except OSError as exc:
                _send({"id": request["id"], "error": f"cannot fork a grading worker: {exc}"})
                continue
            if pid == 0:
                _worker(request, (wake_r, wake_w, _answers), zygote, libc)
            children.add(pid)
            _send({"id": request["id"], "pid": pid})
        _reap(children)


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))
