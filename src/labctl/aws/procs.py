"""The few process-table helpers orphan detection needs (Linux /proc, `ps` elsewhere).

labctl never kills by name: a process is ours only if its command line names
this env's workdir (the emulator) or its working directory is inside it
(terraform and its provider plugins).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Proc:
    pid: int
    argv: tuple[str, ...]
    cwd: str | None = None

    @property
    def exe_name(self) -> str:
        return Path(self.argv[0]).name if self.argv else ""


def _read_proc(pid: int) -> Proc | None:
    base = PROC / str(pid)
    try:
        raw = (base / "cmdline").read_bytes()
    except OSError:
        return None
    if not raw:  # kernel threads and zombies have no command line
        return None
    argv = tuple(part.decode(errors="replace") for part in raw.rstrip(b"\0").split(b"\0"))
    try:
        cwd: str | None = os.readlink(base / "cwd")
    except OSError:
        cwd = None
    return Proc(pid, argv, cwd)


def processes() -> Iterator[Proc]:
    """Every process we can see, with its argv (and cwd where the OS tells us)."""
    if PROC.is_dir() and sys.platform.startswith("linux"):
        for entry in PROC.iterdir():
            if entry.name.isdigit() and int(entry.name) != os.getpid():
                proc = _read_proc(int(entry.name))
                if proc is not None:
                    yield proc
        return
    from labctl import runner

    result = runner.run(["ps", "-axo", "pid=,args="], check=False, timeout=20)
    for line in result.stdout.splitlines():
        pid, _, args = line.strip().partition(" ")
        if pid.isdigit() and int(pid) != os.getpid():
            yield Proc(int(pid), tuple(args.split()))


def get(pid: int) -> Proc | None:
    if PROC.is_dir() and sys.platform.startswith("linux"):
        return _read_proc(pid) if alive(pid) else None
    return next((p for p in processes() if p.pid == pid), None)


def alive(pid: int) -> bool:
    """True if the process exists and is not a zombie."""
    if pid <= 0:
        return False
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _reap(pid: int) -> None:
    """Collect our own child's exit status, so it does not linger as a zombie."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def inside(path: str | None, root: Path) -> bool:
    if not path:
        return False
    try:
        return Path(path).resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def stop(pids: list[int], *, first: signal.Signals = signal.SIGTERM, grace: float = 10.0) -> list[int]:
    """Signal each process, wait up to `grace` seconds, then SIGKILL what is left."""
    targets = [p for p in pids if alive(p)]
    for pid in targets:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, first)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(alive(p) for p in targets):
        time.sleep(0.1)
    for pid in targets:
        if alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(p) for p in targets):
        time.sleep(0.05)
    return targets
