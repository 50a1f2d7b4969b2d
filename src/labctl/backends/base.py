"""The backend interface and the lazy name -> "module:Class" registry.

As in pytest-testinfra, a backend's heavy imports (docker SDK, kubernetes,
python-terraform) happen only when that backend is used. Third-party
backends plug in through the `labctl.backends` entry-point group.
"""

from __future__ import annotations

import importlib
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, ClassVar

from labctl.errors import UserInputError
from labctl.spec.loader import Lab
from labctl.state import EnvRecord

BUILTIN_BACKENDS: dict[str, str] = {
    "compose": "labctl.backends.compose:ComposeBackend",
    "kind": "labctl.backends.kind:KindBackend",
    "terraform": "labctl.backends.terraform:TerraformBackend",
}
ENTRY_POINT_GROUP = "labctl.backends"

LABEL_PREFIX = "io.labctl"
LABEL_LAB = f"{LABEL_PREFIX}.lab"
LABEL_ENV = f"{LABEL_PREFIX}.env"
LABEL_CLASS = f"{LABEL_PREFIX}.class"
LABEL_STUDENT = f"{LABEL_PREFIX}.student"

Progress = Callable[[str], None]


def _no_progress(_: str) -> None:
    pass


def project_name(lab: str, env: str) -> str:
    """`labctl-<lab>-<env>`, in the alphabet compose and kind accept."""
    return re.sub(r"[^a-z0-9-]", "-", f"labctl-{lab}-{env}".lower())


@dataclass
class EnvContext:
    """Everything a backend needs to know about the environment it serves."""

    lab: Lab
    record: EnvRecord
    bind_address: str = "127.0.0.1"
    progress: Progress = _no_progress
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def project(self) -> str:
        return project_name(self.lab.id, self.record.name)

    @property
    def workdir(self) -> Path:
        return self.record.workdir_path

    @property
    def workspace(self) -> Path:
        """The learner's host-side workspace folder."""
        return self.workdir / "workspace"

    @property
    def labels(self) -> dict[str, str]:
        labels = {LABEL_LAB: self.lab.id, LABEL_ENV: self.record.name}
        if self.record.class_name:
            labels[LABEL_CLASS] = self.record.class_name
        if self.record.student_id:
            labels[LABEL_STUDENT] = self.record.student_id
        return labels

    def template_context(self) -> dict[str, Any]:
        """The variables every template sees."""
        rec = self.record
        return {
            "params": dict(rec.params),
            "ports": dict(rec.ports),
            "images": dict(rec.data.get("images", {})),
            "aws": dict(rec.data.get("aws", {})),
            "bind_address": self.bind_address,
            "labels": self.labels,
            "env": {
                "name": rec.name,
                "lab": self.lab.id,
                "project": self.project,
                "workdir": str(self.workdir),
                "workspace": str(self.workspace),
                "class_name": rec.class_name or "",
                "student_id": rec.student_id or "",
            },
            "lab": {"id": self.lab.id, "title": self.lab.spec.title, "phase": self.lab.spec.phase},
        }


@dataclass
class Component:
    """One row of `labctl status`: a container, a cluster, a stack, an emulator."""

    name: str
    kind: str
    state: str
    healthy: bool
    detail: str = ""


class Backend(ABC):
    """Lifecycle of one environment part. Every method is safe to repeat."""

    name: ClassVar[str]
    #: tools this backend needs, as named in lab.yaml `requires`
    tools: ClassVar[tuple[str, ...]] = ()

    def __init__(self, ctx: EnvContext):
        self.ctx = ctx

    @classmethod
    @abstractmethod
    def check_prerequisites(cls) -> None:
        """Raise PrerequisiteError naming what is missing and how to get it."""

    @abstractmethod
    def render(self) -> list[Path]:
        """Render this part's templates into the env's workdir; return files written."""

    def prepare(self) -> None:  # noqa: B027 - optional hook
        """Work before apply that may be slow (build images, start emulators)."""

    @abstractmethod
    def apply(self) -> None:
        """Create or converge the resources."""

    @abstractmethod
    def wait_ready(self, timeout: float) -> None:
        """Block until everything is ready or raise with what is not."""

    @abstractmethod
    def targets(self) -> dict[str, str]:
        """Grading targets: service name -> testinfra host URL or endpoint."""

    @abstractmethod
    def status(self) -> list[Component]:
        """What is running now, found by labels/names (works without state)."""

    @abstractmethod
    def destroy(self) -> None:
        """Remove everything this part made; a no-op if nothing is left."""

    def validate(self) -> None:  # noqa: B027 - optional hook
        """Offline checks of what render() wrote (e.g. Kubernetes schema validation)."""

    def env_vars(self) -> dict[str, str]:
        """Shell exports for the learner (`labctl env`), e.g. AWS_ENDPOINT_URL."""
        return {}


def _registry() -> dict[str, str]:
    registry = dict(BUILTIN_BACKENDS)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        registry.setdefault(ep.name, ep.value)
    return registry


def backend_class(name: str) -> type[Backend]:
    registry = _registry()
    if name not in registry:
        raise UserInputError(
            f"backend '{name}' unknown; choose from: {', '.join(sorted(registry))}."
        )
    module_name, _, class_name = registry[name].partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(cls, type) and issubclass(cls, Backend)):
        raise UserInputError(f"backend '{name}' ({registry[name]}) is not a labctl Backend.")
    return cls


def backends_for(ctx: EnvContext) -> list[Backend]:
    """Backends of a lab in apply order (terraform first: it may set the scene)."""
    order = ["terraform", "compose", "kind"]
    names = sorted(ctx.lab.spec.environment.backends(), key=order.index)
    return [backend_class(n)(ctx) for n in names]
