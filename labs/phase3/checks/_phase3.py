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


def compose_files(workspace: Path, c: Any = None) -> list[Path]:
    """The learner's compose file(s): what Compose recorded on the container (files inside the
    workspace only), else the first of the usual names."""
    root = workspace.resolve()
    if c is not None:
        found = []
        for f in c.labels.get("com.docker.compose.project.config_files", "").split(","):
            p = Path(f.strip()).resolve() if f.strip() else None
            if p is not None and p.is_file() and root in p.parents:
                found.append(p)
        if found:
            return found
    for name in COMPOSE_FILES:
        if (workspace / name).is_file():
            return [workspace / name]
    return []


def compose_file(workspace: Path, c: Any = None) -> Path | None:
    files = compose_files(workspace, c)
    return files[0] if files else None


def compose_config(env: Any, c: Any = None) -> dict[str, Any]:
    """The stack as `docker compose config` loads it from the workspace's files: what the next
    `docker compose up -d` would run. Fails the check, saying why, when the files do not load."""
    import yaml

    from labctl import runner
    from labctl.backends.compose import compose_command

    files = compose_files(env.workspace, c)
    if not files:
        pytest.fail(f"no compose file in the workspace ({env.workspace})")
    argv = [*compose_command()]
    for f in files:
        argv += ["-f", str(f)]
    result = runner.run([*argv, "config"], cwd=env.workspace, check=False, timeout=60)
    if not result.ok:
        why = [ln for ln in (result.stderr or result.stdout).strip().splitlines() if ln.strip()]
        pytest.fail(f"your compose file does not load any more (`docker compose config`): "
                    f"{why[-1] if why else 'exit ' + str(result.returncode)}; the running stack is not what "
                    "your files say, and the next `docker compose up -d` would fail")
    doc = yaml.safe_load(result.stdout) or {}
    return doc if isinstance(doc, dict) else {}


def config_service(doc: dict[str, Any], name: str) -> dict[str, Any]:
    svc = (doc.get("services") or {}).get(name)
    if not isinstance(svc, dict):
        pytest.fail(f"your compose file has no service {name} (services: {', '.join(doc.get('services') or {}) or 'none'})")
    return svc


def config_env(svc: dict[str, Any]) -> dict[str, str]:
    env = svc.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def parse_bytes(value: Any) -> int | None:
    """128m, 128M, 134217728, "0.125g" -> bytes (None if it is not a size)."""
    if value is None:
        return None
    match = re.fullmatch(r"\s*([\d.]+)\s*([bkmg]?)i?b?\s*", str(value).lower())
    if not match:
        return None
    factor = {"": 1, "b": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}[match.group(2)]
    return int(float(match.group(1)) * factor)


def probe_health(docker: Any, env: Any, image: Any, timeout: float = 60) -> tuple[str, str]:
    """(health status, last probe output) of a container of `image` whose app cannot serve: no
    network, so Redis cannot be reached. The image's own HEALTHCHECK test runs every second,
    two failures in a row make it unhealthy."""
    check = (image.attrs.get("Config") or {}).get("Healthcheck") or {}
    test = check.get("Test") or []
    probe_timeout = min(int(check.get("Timeout") or 5_000_000_000), 10_000_000_000)
    name = f"{env.project}-check-{uuid.uuid4().hex[:8]}"
    c = docker.containers.create(
        image.id, name=name, network_mode="none", detach=True,
        environment={"REDIS_HOST": "redis", "LOG_FILE": "-"},
        labels={"io.labctl.lab": env.lab, "io.labctl.env": env.name, "io.labctl.service": "check"},
        healthcheck={"test": test, "interval": 1_000_000_000, "timeout": probe_timeout, "retries": 2,
                     "start_period": 1_000_000},
    )
    try:
        c.start()
        deadline = time.monotonic() + timeout
        while True:
            c.reload()
            state = c.attrs.get("State") or {}
            health = state.get("Health") or {}
            status = health.get("Status", "none")
            log = (health.get("Log") or [{}])[-1]
            output = str(log.get("Output", "")).strip()[-200:]
            if state.get("Status") != "running":
                logs = c.logs(tail=5).decode("utf-8", "replace").strip()
                return "exited", logs
            if status == "unhealthy" or time.monotonic() > deadline:
                return status, output
            if status == "healthy" and len(health.get("Log") or []) >= 4:
                return status, output  # four probes said healthy with no Redis in reach
            time.sleep(1)
    finally:
        c.remove(force=True)


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
