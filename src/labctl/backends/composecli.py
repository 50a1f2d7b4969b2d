"""Which Compose CLI labctl drives: v2 (the `docker compose` plugin) or v1 (`docker-compose`).

Compose v2 is what Docker installations ship today; v1 (the Python `docker-compose` 1.29) is
deprecated upstream and unmaintained, and labctl's support for it is deprecated too (it goes
in labctl 0.3, see docs/architecture.md). By default labctl uses v2 when its plugin is
installed and v1 otherwise; `LABCTL_COMPOSE=v1|v2` forces one (CI runs the core of the
tests on both).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from labctl import runner
from labctl.errors import PrerequisiteError, UserInputError
from labctl.spec.kinds import TOOL_HINTS

#: the environment variable that picks the Compose CLI: auto (default), v2 or v1
COMPOSE_ENV = "LABCTL_COMPOSE"
CHOICES = ("auto", "v2", "v1")
V2: tuple[str, ...] = ("docker", "compose")
V1: tuple[str, ...] = ("docker-compose",)

#: where the docker CLI looks for plugins (besides $DOCKER_CONFIG/cli-plugins)
PLUGIN_DIRS = (
    "~/.docker/cli-plugins", "/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins",
    "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins",
)


def plugin_path() -> Path | None:
    """The Compose v2 plugin binary the docker CLI would run, if any."""
    config = os.environ.get("DOCKER_CONFIG")
    dirs = [f"{config}/cli-plugins"] if config else []
    for folder in [*dirs, *PLUGIN_DIRS]:
        path = Path(folder).expanduser() / "docker-compose"
        if path.is_file() and os.access(path, os.X_OK):
            return path
    return None


def has_v2() -> bool:
    # The plugin's file is enough: `docker compose version` would cost every labctl command
    # ~100 ms, and a broken plugin fails its first command with its own message anyway.
    return runner.which("docker") is not None and plugin_path() is not None


def has_v1() -> bool:
    return runner.which("docker-compose") is not None


def choice() -> str:
    value = os.environ.get(COMPOSE_ENV, "auto").strip().lower() or "auto"
    if value not in CHOICES:
        raise UserInputError(
            f"{COMPOSE_ENV}={os.environ.get(COMPOSE_ENV)!r} is not a Compose choice; use one of: "
            f"{', '.join(CHOICES)} (or unset it)."
        )
    return value


def compose_command() -> tuple[str, ...]:
    """The argv prefix of the Compose CLI to drive."""
    return _command(choice(), os.environ.get("DOCKER_CONFIG", ""))


@functools.lru_cache(maxsize=8)
def _command(wanted: str, _docker_config: str) -> tuple[str, ...]:
    if wanted in ("auto", "v2") and has_v2():
        return V2
    if wanted in ("auto", "v1") and has_v1():
        return V1
    if wanted == "v2":
        raise PrerequisiteError(f"{COMPOSE_ENV}=v2, but the Compose v2 plugin (`docker compose`) is not "
                                "installed.", hint=TOOL_HINTS["compose"])
    if wanted == "v1":
        raise PrerequisiteError(f"{COMPOSE_ENV}=v1, but `docker-compose` (v1) is not installed.",
                                hint="Install Debian's docker-compose package, or unset "
                                f"{COMPOSE_ENV} to use Compose v2.")
    raise PrerequisiteError(
        "neither `docker compose` (v2) nor `docker-compose` (v1) is installed.",
        hint=TOOL_HINTS["compose"],
    )


def is_v2(command: tuple[str, ...]) -> bool:
    return command == V2


@dataclass(frozen=True)
class Found:
    """One Compose CLI on this machine, for `labctl doctor`."""

    name: str  # v2 | v1
    command: str
    version: str
    used: bool
    note: str = ""


def found() -> list[Found]:
    """Every Compose CLI here, with its version and whether labctl uses it."""
    try:
        used: tuple[str, ...] | None = compose_command()
    except (PrerequisiteError, UserInputError):
        used = None
    out: list[Found] = []
    for name, command, present in (("v2", V2, has_v2()), ("v1", V1, has_v1())):
        if not present:
            continue
        result = runner.run([*command, "version", "--short"], check=False, timeout=20)
        text = (result.stdout or result.stderr).strip()
        match = re.search(r"v?(\d+\.\d+(?:\.\d+)?)", text)
        note = "deprecated: labctl's v1 support goes in labctl 0.3; install Compose v2" if name == "v1" else ""
        out.append(Found(name, " ".join(command), match.group(1) if match else "?", command == used, note))
    return out
