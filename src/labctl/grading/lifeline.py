"""Grading processes die with the process that started them (Linux: PR_SET_PDEATHSIG).

A `kill -9` of `labctl grade` (or of the grading zygote) gives its worker no chance to
clean up, and a worker left behind would wait for a context or run checks nobody
collects. The kernel kills it instead, the moment its parent is gone.
"""

from __future__ import annotations

import os
import signal
from typing import Any

#: how a worker tells the grader it was started by a parent that is already gone
EXIT_ORPHANED = 3
#: the environment variable that names the grader's pid for a worker it spawns
PARENT_ENV = "LABCTL_GRADER_PID"


def libc() -> Any:
    """The C library's handle (None where there is no prctl); load it once and keep it."""
    try:
        import ctypes

        handle = ctypes.CDLL(None, use_errno=True)
        return handle if hasattr(handle, "prctl") else None
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int, handle: Any = None) -> bool:
    """Have the kernel SIGKILL this process when `parent` dies; False if it already has
    (the caller should exit at once). A no-op (True) where prctl does not exist."""
    handle = handle if handle is not None else libc()
    if handle is None:
        return True
    handle.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    return os.getppid() == parent  # else it died before prctl took effect
