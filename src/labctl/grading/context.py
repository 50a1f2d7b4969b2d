"""What checks may know about the env they grade.

The grader writes a `GradingContext` as JSON into a labctl-owned temp dir and
points `LABCTL_GRADING_CONTEXT` at it; the pytest process (a subprocess, or
this one) reads it back with `current()`. Fixture modules (`fixtures_aws`,
`fixtures_k8s`) use `current()` too, so they need nothing else from labctl.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ENV_CONTEXT = "LABCTL_GRADING_CONTEXT"

#: testinfra connection schemes the `host` fixture can use
CONNECTIONS = ("labctl-docker", "labctl-docker-exec", "docker")
DEFAULT_CONNECTION = "labctl-docker"


@dataclass
class TaskChecks:
    """One task's id and its `checks` entries (files or node ids, relative to the lab folder)."""

    id: str
    checks: list[str]


@dataclass
class PortInfo:
    name: str
    service: str
    target: int
    scheme: str
    host_port: int


@dataclass
class GradingContext:
    lab: str
    lab_path: str
    env: str
    project: str
    workdir: str
    workspace: str
    tasks: list[TaskChecks]
    params: dict[str, Any] = field(default_factory=dict)
    ports: list[PortInfo] = field(default_factory=list)
    bind_address: str = "127.0.0.1"
    #: the lab's backends (compose, kind, terraform): which optional fixture modules to load
    backends: list[str] = field(default_factory=list)
    #: grading targets from every backend: service -> URL (`docker://name`, `kubectl://...`)
    targets: dict[str, str] = field(default_factory=dict)
    #: compose service -> container name
    containers: dict[str, str] = field(default_factory=dict)
    #: the compose workspace service, if the lab has one
    workspace_service: str | None = None
    #: what `backend.env_vars()` returned for every backend (AWS_ENDPOINT_URL, KUBECONFIG, ...)
    env_vars: dict[str, str] = field(default_factory=dict)
    #: the env record's backend data (images, aws, kubeconfig paths, ...)
    data: dict[str, Any] = field(default_factory=dict)
    #: DOCKER_HOST (and TLS) of the engine running the env's containers ({}: this machine's):
    #: a swarm env's node. The worker sets them, so `docker://` and `labctl-docker://` reach it.
    docker_env: dict[str, str] = field(default_factory=dict)
    class_name: str | None = None
    student_id: str | None = None
    check_timeout: float = 30
    connection: str = DEFAULT_CONNECTION
    #: grade only these tasks' checks (all when empty)
    only_tasks: list[str] = field(default_factory=list)
    #: where the plugin appends its JSON-lines events
    results_file: str = ""

    @property
    def lab_dir(self) -> Path:
        return Path(self.lab_path)

    def port(self, name: str) -> PortInfo | None:
        return next((p for p in self.ports if p.name == name), None)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, default=str)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GradingContext:
        data = dict(data)
        data["tasks"] = [TaskChecks(**t) for t in data.get("tasks", [])]
        data["ports"] = [PortInfo(**p) for p in data.get("ports", [])]
        return cls(**data)

    def write(self, path: Path) -> Path:
        path.write_text(self.to_json(), encoding="utf-8")
        return path


_current: GradingContext | None = None


def load(path: str | os.PathLike[str]) -> GradingContext:
    with open(path, encoding="utf-8") as fh:
        return GradingContext.from_dict(json.load(fh))


def current() -> GradingContext:
    """The context of the grading run this process serves (read once from LABCTL_GRADING_CONTEXT)."""
    global _current
    if _current is None:
        path = os.environ.get(ENV_CONTEXT)
        if not path:
            raise RuntimeError(
                f"{ENV_CONTEXT} is not set: lab checks run under `labctl grade`, not bare pytest"
            )
        _current = load(path)
    return _current


def set_current(ctx: GradingContext | None) -> None:
    """Install (or clear) the context for an in-process run."""
    global _current
    _current = ctx
