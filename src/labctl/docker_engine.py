"""The Docker SDK client, imported lazily, with one clear error when no engine answers."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from labctl.errors import PrerequisiteError

if TYPE_CHECKING:
    import docker

ENGINE_HINT = (
    "Start a Docker engine (Docker Desktop, `sudo systemctl start docker`, or from a "
    "labctl checkout `make engine`), then check it with `docker info`."
)


@functools.lru_cache(maxsize=1)
def client() -> docker.DockerClient:
    import docker
    from docker.errors import DockerException

    try:
        cli = docker.from_env(timeout=120, max_pool_size=32)  # class up/grade use threads
        cli.ping()
    except DockerException as exc:
        reason = str(exc).split("(")[0].strip().rstrip(":")
        raise PrerequisiteError(
            f"no Docker engine is reachable ({reason}).", hint=ENGINE_HINT
        ) from None
    return cli


def engine_version() -> str | None:
    try:
        return str(client().version().get("Version"))
    except PrerequisiteError:
        return None


def has_default_bridge() -> bool:
    from docker.errors import NotFound

    try:
        client().networks.get("bridge")
        return True
    except NotFound:
        return False


def by_labels(labels: dict[str, str]) -> list[str]:
    return [f"{k}={v}" for k, v in labels.items()]
