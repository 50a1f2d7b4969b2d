"""The backend interface, and the lazy resolution of a kind's Backend class.

As in pytest-testinfra, a backend's heavy imports (docker SDK, kubernetes,
python-terraform) happen only when that backend is used: the kinds table
(labctl.spec.kinds) names each class as "module:Class".
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from labctl import runner
from labctl.backends.dockertty import TtyChannel
from labctl.env.context import EnvContext
from labctl.env.status import Component
from labctl.errors import LabctlError, UserInputError
from labctl.spec.kinds import KINDS


class Backend(ABC):
    """Lifecycle of one environment part. Every method is safe to repeat."""

    name: ClassVar[str]

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
        """What is running now, found by labels/names (works without state), plus a row with
        `present=False` for each part the env should have but the engine does not."""

    @abstractmethod
    def destroy(self) -> None:
        """Remove everything this part made; a no-op if nothing is left."""

    def validate(self) -> None:  # noqa: B027 - optional hook
        """Offline checks of what render() wrote (e.g. Kubernetes schema validation)."""

    def env_vars(self) -> dict[str, str]:
        """Shell exports for the learner (`labctl env`), e.g. AWS_ENDPOINT_URL."""
        return {}

    # -- ways in: parts that run containers override these -------------------------

    def service_names(self) -> list[str]:
        """The services this part's rendered files declare (offline; after render())."""
        return []

    def containers(self) -> dict[str, str]:
        """Running containers a learner or a solution can enter: service -> container name."""
        return {}

    def exec_command(
        self,
        service: str,
        argv: Sequence[str],
        *,
        user: str | None = None,
        env: Mapping[str, str] | None = None,
        interactive: bool = False,
        tty: bool = False,
    ) -> list[str]:
        """The command line that runs `argv` in a service's container."""
        raise UserInputError(f"the {self.name} part of lab {self.ctx.lab.id} has no containers to run "
                             f"commands in (asked for service '{service}').")

    def exec(
        self,
        service: str,
        argv: Sequence[str],
        *,
        input: str | None = None,
        user: str | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 600,
        check: bool = False,
        what: str = "",
    ) -> runner.Result:
        """Run `argv` in a service's container and capture its output."""
        cmd = self.exec_command(service, argv, user=user, env=env, interactive=input is not None)
        return runner.run(cmd, input=input, timeout=timeout, check=check, what=what)

    def terminal(
        self,
        service: str,
        argv: Sequence[str],
        *,
        user: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> TtyChannel:
        """A shell (`argv`) on a pseudo-terminal in a service's container, as a raw byte stream
        (the browser terminal of `labctl serve`)."""
        raise UserInputError(f"the {self.name} part of lab {self.ctx.lab.id} has no containers to open a "
                             f"terminal in (asked for service '{service}').")

    def logs_command(self, service: str | None, *, tail: int, follow: bool) -> list[str] | None:
        """The command line that shows this part's logs (None: it has none to show)."""
        return None

    @classmethod
    def sweep(cls, labels: dict[str, str], *, store_id: str, legacy: bool = False) -> int:
        """Remove every object of this kind that carries these labels and belongs to this store
        (also those with no store label, if `legacy`); how many were removed."""
        return 0


def backend_class(name: str) -> type[Backend]:
    """The Backend class of a kind, imported on first use."""
    kind = KINDS.get(name)
    if kind is None:
        raise UserInputError(f"backend '{name}' unknown; choose from: {', '.join(sorted(KINDS))}.")
    module_name, _, class_name = kind.backend.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(cls, type) and issubclass(cls, Backend)):  # pragma: no cover - a labctl bug
        raise LabctlError(f"backend '{name}' ({kind.backend}) is not a labctl Backend.")
    return cls


def backends_for(ctx: EnvContext) -> list[Backend]:
    """The lab's parts in apply order (terraform first: it may set the scene)."""
    return [backend_class(n)(ctx) for n in ctx.lab.spec.environment.backends()]


def container_backend(backends: Sequence[Backend], service: str | None = None) -> Backend | None:
    """The part that runs containers (the one running `service`, if named)."""
    for backend in backends:
        names = backend.containers()
        if names and (service is None or service in names):
            return backend
    return None
