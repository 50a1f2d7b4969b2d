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


def client_at(url: str, cert_path: str | None = None) -> docker.DockerClient:
    """A client of another engine (a swarm node): `unix://`, `tcp://` (TLS with Docker's
    ca.pem/cert.pem/key.pem in `cert_path`) or `ssh://` (through the ssh client, with the
    user's ssh config and agent). One per process and endpoint, pinged before use."""
    import docker
    from docker.errors import DockerException
    from requests.exceptions import RequestException

    key = (os.getpid(), url, cert_path)
    with _clients_lock:
        cli = _clients.get(key)
    try:
        if cli is None:
            tls: object = False
            if cert_path:
                from docker.tls import TLSConfig

                tls = TLSConfig(client_cert=(f"{cert_path}/cert.pem", f"{cert_path}/key.pem"),
                                ca_cert=f"{cert_path}/ca.pem", verify=True)
            cli = docker.DockerClient(base_url=url, tls=tls, timeout=120, max_pool_size=32,
                                      use_ssh_client=url.startswith("ssh://"))
        cli.ping()
    except (DockerException, RequestException, OSError) as exc:
        with _clients_lock:
            _clients.pop(key, None)
        reason = str(exc).split("(")[0].strip().rstrip(":")
        raise PrerequisiteError(
            f"the Docker engine at {url} does not answer ({reason}).",
            hint="Check the node's endpoint in the swarm settings (`labctl swarm nodes`) and that "
            "its engine runs; for ssh:// the ssh login must work without a password prompt.",
        ) from None
    with _clients_lock:
        _clients.setdefault(key, cli)
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


#: what the engine says when it cannot give a container a network (its default bridge
#: interface docker0 is gone, e.g. deleted by a second dockerd started with --bridge=none)
_NETWORK_FAILURES = (
    "could not find bridge docker0",
    "failed to create endpoint",
    "no such network interface",
    "network bridge not found",
    "error creating default \"bridge\" network",
)
BRIDGE_HINT = (
    "This is the Docker engine's problem, not the lab's Dockerfile: the engine cannot attach "
    "build containers to its default bridge network (its `docker0` interface is missing, as "
    "after a second dockerd started with --bridge=none, or the kernel lacks veth). Check with "
    "`ip link show docker0` and `docker run --rm debian:bookworm-slim true`; restarting the "
    "engine (`sudo systemctl restart docker`) recreates the bridge."
)


def network_failure(text: str) -> bool:
    """Whether an engine error (a build's or a run's) says it could not set up the
    container's network, rather than a step of the Dockerfile failing."""
    low = text.lower()
    return any(marker in low for marker in _NETWORK_FAILURES)
