"""The one place that starts subprocesses.

Argument lists only (never a shell string with learner data), a timeout on
every call, and errors that carry the exact command, exit code and output
(the python-on-whales habit).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from labctl.errors import CommandFailed, CommandTimeout, PrerequisiteError

DEFAULT_TIMEOUT = 600.0


@dataclass(frozen=True)
class Result:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def which(tool: str) -> str | None:
    return shutil.which(tool)


def require(tool: str, hint: str) -> str:
    """Return the path of `tool`, or raise a PrerequisiteError with `hint`."""
    path = which(tool)
    if path is None:
        raise PrerequisiteError(f"'{tool}' is not installed or not on PATH.", hint=hint)
    return path


def run(
    argv: Sequence[str | os.PathLike[str]],
    *,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    check: bool = True,
    input: str | None = None,
    what: str = "",
) -> Result:
    """Run a command to completion and capture its output."""
    args = [os.fspath(a) for a in argv]
    full_env = None if env is None else {**os.environ, **env}
    try:
        proc = subprocess.run(
            args,
            cwd=cwd,
            env=full_env,
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as exc:
        raise PrerequisiteError(
            f"'{args[0]}' is not installed or not on PATH.",
            hint="Run `labctl doctor` to see what this machine is missing.",
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise CommandTimeout(args, timeout or 0) from exc
    result = Result(args, proc.returncode, proc.stdout, proc.stderr)
    if check and proc.returncode != 0:
        raise CommandFailed(args, proc.returncode, proc.stdout, proc.stderr, what=what)
    return result


def run_interactive(
    argv: Sequence[str | os.PathLike[str]],
    *,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
) -> int:
    """Run a command attached to the user's terminal (shell, logs -f); return its exit code."""
    args = [os.fspath(a) for a in argv]
    full_env = None if env is None else {**os.environ, **env}
    try:
        return subprocess.call(args, cwd=cwd, env=full_env)
    except FileNotFoundError as exc:
        raise PrerequisiteError(f"'{args[0]}' is not installed or not on PATH.") from exc
    except KeyboardInterrupt:
        return 130


def serve(
    argv: Sequence[str | os.PathLike[str]],
    *,
    log_file: Path,
    env: Mapping[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start a helper process we talk to over its stdin and stdout (the grading zygote);
    its stderr goes to `log_file`. It gets its own session, like spawn()'s, and ends when
    its stdin closes, which also happens when labctl dies."""
    args = [os.fspath(a) for a in argv]
    full_env = None if env is None else {**os.environ, **env}
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as log:
        return subprocess.Popen(
            args, env=full_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
            start_new_session=True,
        )


def spawn(
    argv: Sequence[str | os.PathLike[str]],
    *,
    log_file: Path,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start a long-lived background process (the AWS emulator) detached from our session.

    It gets its own session so Ctrl-C on labctl does not kill it: `down` owns
    its lifetime, through the pid recorded in state.
    """
    args = [os.fspath(a) for a in argv]
    full_env = None if env is None else {**os.environ, **env}
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as log:
        return subprocess.Popen(
            args,
            cwd=cwd,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
