"""Helpers labctl's own tests share (tests/ is on sys.path through its conftest.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
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


def load_module(path: Path, name: str, *, with_siblings: bool = False) -> ModuleType:
    """Import the Python file `path` (a lab's check, model or generator) as module `name`,
    registered in sys.modules (dataclasses look their module up while it loads). With
    `with_siblings`, its own folder is importable while it loads (checks import their lab's
    `_helpers`)."""
    if with_siblings:
        sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        if with_siblings:
            sys.path.remove(str(path.parent))
