"""The Docker SDK client, imported lazily, with one clear error when no engine answers."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from labctl.errors import PrerequisiteError

if TYPE_CHECKING:
    import docker

ENGINE_HINT = (
    "Start a Docker engine (Docker Desktop, `sudo systemctl start docker`, or from a "
    "labctl checkout `make engine`), then check it with `docker info`."
)


#: the environment variables docker.from_env() reads
_ENV_KEYS = ("DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH")
_clients: dict[tuple[object, ...], docker.DockerClient] = {}
_clients_lock = threading.Lock()


def client() -> docker.DockerClient:
    """A client of the engine, after a ping. One per process and engine settings: making
    one costs ~10 ms (its API version is negotiated), and class commands ask per student."""
    import docker
    from docker.errors import DockerException
    from requests.exceptions import RequestException

    key = (os.getpid(), *(os.environ.get(k) for k in _ENV_KEYS))
    with _clients_lock:
        cli = _clients.get(key)
    try:
        if cli is None:
            cli = docker.from_env(timeout=120, max_pool_size=32)  # class up/grade use threads
        cli.ping()
    except (DockerException, RequestException) as exc:  # a cached client's engine may have gone
        with _clients_lock:
            _clients.pop(key, None)
        reason = str(exc).split("(")[0].strip().rstrip(":")
        raise PrerequisiteError(
            f"no Docker engine is reachable at {address()} ({reason}).", hint=ENGINE_HINT
        ) from None
    with _clients_lock:
        _clients.setdefault(key, cli)
    return cli


def address() -> str:
    """Where the Docker SDK (and CLI) look for the engine."""
    return os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"


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
