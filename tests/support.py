"""Helpers labctl's own tests share (tests/ is on sys.path through its conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from labctl.backends.compose import leftovers
from labctl.cli.app import run
from labctl.env.labels import LABEL_ENV, LABEL_LAB, LABEL_STORE


class CliResult(NamedTuple):
    code: int
    out: str
    err: str


def cli(args: list[str], capsys: pytest.CaptureFixture[str] | None = None, labs: Path | None = None) -> CliResult:
    """Run `labctl [--labs-path LABS] ARGS...` in this process, as a user would type it: the exit
    code and what it printed (empty strings without capsys)."""
    code = run([*(["--labs-path", str(labs)] if labs else []), *args])
    if capsys is None:
        return CliResult(code, "", "")
    out = capsys.readouterr()
    return CliResult(code, out.out, out.err)


def store_id() -> str:
    """The id of this test session's labctl store (the CLI's own)."""
    from labctl.cli.common import store

    return store().store_id


def owned(lab: str, env: str) -> dict[str, int]:
    """What of env `env` of `lab` this test session's store still has on the engine."""
    return leftovers({LABEL_STORE: store_id(), LABEL_LAB: lab, LABEL_ENV: env})


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    from labctl.ports import free_port as pick

    return pick("127.0.0.1")
