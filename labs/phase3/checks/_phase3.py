"""Helpers shared by phase3's checks (loaded by path from each check module).

The learner drives Docker: their image and their Compose stack carry no labctl
labels of ours, so everything is found by the names the instructions give:
the image `<env project>/counter:1.0` and the Compose project `<env project>-app`
with the services `web` and `redis`.
"""

from __future__ import annotations

import re
import tarfile
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

BUILD_TOOLS = ("gcc", "cc", "g++", "c++", "make", "clang", "ld")
RESTART_OK = ("always", "unless-stopped", "on-failure")
COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")


def image_name(env: Any) -> str:
    return f"{env.project}/counter:1.0"


def project(env: Any) -> str:
    return f"{env.project}-app"


def get_image(docker: Any, env: Any) -> Any:
    from docker.errors import ImageNotFound

    name = image_name(env)
    try:
        return docker.images.get(name)
    except ImageNotFound:
        pytest.fail(f"no image {name}: build it with `docker build -t {name} .` in the workspace "
                    "(or give the web service `image: " + name + "` and `docker compose build`)")


def container(docker: Any, env: Any, service: str, *, required: bool = True) -> Any:
    """The running container of a service of the learner's Compose project."""
    filters = {"label": [f"com.docker.compose.project={project(env)}", f"com.docker.compose.service={service}"]}
    found = docker.containers.list(all=True, filters=filters)
    running = [c for c in found if c.status == "running"]
    if running:
        return running[0]
    if not required:
        return None
    if found:
        c = found[0]
        logs = c.logs(tail=8).decode("utf-8", "replace").strip()
        pytest.fail(f"the {service} container of Compose project {project(env)} is {c.status}, not running"
                    + (f"; its last log lines:\n{logs}" if logs else ""))
    others = sorted({c.labels.get("com.docker.compose.service", "?") for c in docker.containers.list(
        filters={"label": f"com.docker.compose.project={project(env)}"})})
    pytest.fail(
        f"no running container for service '{service}' in Compose project {project(env)}"
        + (f" (its running services: {', '.join(others)})" if others else
           ": start the stack with `docker compose up -d` in the workspace (COMPOSE_PROJECT_NAME comes from .env)")
    )


def run_in_image(docker: Any, env: Any, image: str, argv: list[str], *, user: str | None = None,
                 entrypoint: str | None = None) -> tuple[int, str]:
    """Run a throwaway container of `image` (labelled for this env, so `labctl down` would sweep a
    leftover), wait for it, and return (exit code, output)."""
    name = f"{env.project}-check-{uuid.uuid4().hex[:8]}"
    kwargs: dict[str, Any] = {"entrypoint": entrypoint} if entrypoint else {}
    if user is not None:
        kwargs["user"] = user
    c = docker.containers.create(
        image, command=argv, name=name, network_mode="none", detach=True,
        labels={"io.labctl.lab": env.lab, "io.labctl.env": env.name, "io.labctl.service": "check"},
        **kwargs,
    )
    try:
        c.start()
        code = c.wait(timeout=30).get("StatusCode", -1)
        return code, c.logs().decode("utf-8", "replace")
    finally:
        c.remove(force=True)


def dockerfiles(workspace: Path) -> list[Path]:
    if not workspace.is_dir():
        return []
    return sorted(p for p in workspace.rglob("*") if p.is_file() and re.match(r"(?i)^(.*\.)?dockerfile(\..*)?$", p.name)
                  and "app" not in p.relative_to(workspace).parts[:-1])


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    out, current = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        if current.strip():
            word, _, rest = current.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
        current = ""
    return out


def compose_file(workspace: Path, c: Any = None) -> Path | None:
    """The learner's compose file: what Compose recorded on the container, else the usual names."""
    if c is not None:
        files = c.labels.get("com.docker.compose.project.config_files", "")
        for f in files.split(","):
            p = Path(f.strip())
            if f.strip() and p.is_file():
                return p
    for name in COMPOSE_FILES:
        if (workspace / name).is_file():
            return workspace / name
    return None


def wait_health(c: Any, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while True:
        c.reload()
        status = ((c.attrs.get("State") or {}).get("Health") or {}).get("Status", "none")
        if status != "starting" or time.monotonic() > deadline:
            return status
        time.sleep(1)


class _Stream:
    """A file-like object over the chunks `image.save()` yields."""

    def __init__(self, chunks: Any):
        self._chunks = iter(chunks)
        self._buf = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buf) < size:
            try:
                self._buf += next(self._chunks)
            except StopIteration:
                break
        if size < 0:
            data, self._buf = self._buf, b""
        else:
            data, self._buf = self._buf[:size], self._buf[size:]
        return data


def _scan(stream: Any, needle: bytes, chunk: int = 1 << 20) -> bool:
    tail = b""
    while True:
        data = stream.read(chunk)
        if not data:
            return False
        if needle in tail + data:
            return True
        tail = data[-len(needle):]


def find_secret_in_image(image: Any, secret: str) -> list[str]:
    """Where `secret` appears in an image: its config (ENV, labels, build history) or a file in
    any layer, even one a later layer deletes. Streams `docker save`; nothing is written to disk."""
    needle = secret.encode()
    found: list[str] = []
    with tarfile.open(fileobj=_Stream(image.save(named=False)), mode="r|") as outer:
        for member in outer:
            if not member.isfile():
                continue
            f = outer.extractfile(member)
            if f is None:
                continue
            if member.name.endswith("layer.tar"):
                with tarfile.open(fileobj=f, mode="r|") as layer:
                    for entry in layer:
                        if entry.isfile():
                            data = layer.extractfile(entry)
                            if data is not None and _scan(data, needle):
                                found.append(f"file /{entry.name} in a layer")
            elif member.name.endswith(".json") and _scan(f, needle):
                found.append("the image config (ENV, LABEL or a build argument in the history)"
                             if member.name != "manifest.json" else "manifest.json")
    return found
