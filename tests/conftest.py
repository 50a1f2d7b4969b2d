"""Shared test setup: every test run gets its own labctl home (state db, workdirs)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE_LABS = REPO / "tests" / "fixtures" / "labs"

# Fixture labs' checks are graded by labctl, not collected as labctl's own tests.
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture(scope="session", autouse=True)
def labctl_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("labctl-home")
    old = {k: os.environ.get(k) for k in ("LABCTL_HOME", "LABCTL_STATE_DB", "LABCTL_WORKDIR")}
    os.environ["LABCTL_HOME"] = str(home)
    os.environ.pop("LABCTL_STATE_DB", None)
    os.environ.pop("LABCTL_WORKDIR", None)
    yield home
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def docker_engine() -> object:
    """The Docker SDK client. Tests that need Docker fail (never skip) when no engine answers:
    `make test` starts one, so a missing engine is a broken setup, not a reason to skip."""
    from labctl import docker_engine as engine

    return engine.client()


@pytest.fixture
def fixture_labs() -> Path:
    return FIXTURE_LABS


@pytest.fixture(params=["v2", "v1"])
def compose_cli(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with each Compose CLI (`LABCTL_COMPOSE=v2|v1`; subprocesses inherit it).
    Both must be installed (`make test` installs them): a missing one fails, never skips, while
    labctl supports it. Other tests use the default choice (v2 where installed)."""
    from labctl.backends import composecli

    monkeypatch.setenv(composecli.COMPOSE_ENV, request.param)
    composecli.compose_command()  # raises PrerequisiteError, naming what to install, if it is missing
    return str(request.param)
