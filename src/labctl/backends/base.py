"""The backend interface, and the lazy resolution of a kind's Backend class.

As in pytest-testinfra, a backend's heavy imports (docker SDK, kubernetes,
python-terraform) happen only when that backend is used: the kinds table
(labctl.spec.kinds) names each class as "module:Class".
"""

from __future__ import annotations

import contextlib
import importlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from labctl import runner
from labctl.backends.dockertty import TtyChannel
from labctl.env.context import EnvContext
from labctl.env.status import Component
from labctl.errors import LabctlError, NotFoundError, UserInputError
from labctl.spec.kinds import DEFAULT_ENGINE, ENGINES, KINDS


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

    # -- reaching a part that runs elsewhere (a swarm node) ---------------------------

    @contextlib.contextmanager
    def reachable(self) -> Iterator[None]:
        """While inside, this part's ports and endpoints are reachable from this host: a part
        that runs on another machine opens tunnels (and brings the learner's files back), and
        `host_ports()` and `env_vars()` say where they are."""
        yield

    def host_ports(self) -> dict[str, int]:
        """Published port name -> the port on this host's 127.0.0.1 that reaches it, for ports
        that are not at the env's recorded host port (tunnels opened by `reachable`)."""
        return {}

    def reserves(self) -> tuple[int, float, int]:
        """What this part reserves on the machine that runs it: (memory bytes, CPUs,
        containers); a class spreads its envs over a swarm's nodes by it."""
        return (0, 0.0, 0)

    def engine_env(self) -> dict[str, str]:
        """DOCKER_HOST (and TLS) settings of the engine that runs this part's containers, for
        graders and CLI calls ({}: this machine's engine)."""
        return {}

    @classmethod
    def census(cls, labels: dict[str, str], *, store_id: str, legacy: bool = False) -> dict[str, list[Component]]:
        """Every container of this kind carrying these labels (and this store's id), as status
        rows grouped by their `io.labctl.student` label: a whole class in one query."""
        return {}

    @classmethod
    def sweep(cls, labels: dict[str, str], *, store_id: str, legacy: bool = False) -> int:
        """Remove every object of this kind that carries these labels and belongs to this store
        (also those with no store label, if `legacy`); how many were removed."""
        return 0


def backend_class(name: str, engine: str = DEFAULT_ENGINE) -> type[Backend]:
    """The Backend class serving a kind on an engine, imported on first use."""
    kind = KINDS.get(name)
    if kind is None:
        raise UserInputError(f"backend '{name}' unknown; choose from: {', '.join(sorted(KINDS))}.")
    where = ENGINES.get(engine)
    if where is None:
        raise UserInputError(f"engine '{engine}' unknown; choose from: {', '.join(ENGINES)}.")
    target = where.backends.get(name)
    if target is None:
        raise UserInputError(f"a {name} part cannot run on the {engine} engine: {where.refused.get(name, '')}.")
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(cls, type) and issubclass(cls, Backend)):  # pragma: no cover - a labctl bug
        raise LabctlError(f"backend '{name}' ({target}) is not a labctl Backend.")
    return cls


def engine_backend_classes(engine: str | None = None) -> list[type[Backend]]:
    """Every Backend class of an engine (of every engine if None), each once."""
    found: list[type[Backend]] = []
    for name in [engine] if engine else list(ENGINES):
        for kind in ENGINES[name].apply_order:
            cls = backend_class(kind, name)
            if cls not in found:
                found.append(cls)
    return found


def backends_for(ctx: EnvContext) -> list[Backend]:
    """The env's parts in apply order on its engine (on this machine: terraform first, it may
    set the scene; on a swarm: the stack first, it runs the emulator terraform applies to)."""
    engine = ENGINES.get(ctx.record.data.engine) or ENGINES[DEFAULT_ENGINE]
    kinds = engine.parts(ctx.lab.spec.environment.backends())
    return [backend_class(n, engine.name)(ctx) for n in kinds]


@contextlib.contextmanager
def reachable(backends: Sequence[Backend]) -> Iterator[dict[str, int]]:
    """Every part reachable from this host while inside; yields port name -> host port for the
    ports tunnels moved (the others are at the env's recorded host ports)."""
    with contextlib.ExitStack() as stack:
        for backend in backends:
            stack.enter_context(backend.reachable())
        moved: dict[str, int] = {}
        for backend in backends:
            moved.update(backend.host_ports())
        yield moved


def container_backend(backends: Sequence[Backend], service: str | None = None) -> Backend | None:
    """The part that runs containers (the one running `service`, if named)."""
    for backend in backends:
        names = backend.containers()
        if names and (service is None or service in names):
            return backend
    return None


def docker_exec_argv(docker: Sequence[str], container: str, argv: Sequence[str], *, user: str | None = None,
                     env: Mapping[str, str] | None = None, interactive: bool = False,
                     tty: bool = False) -> list[str]:
    """`docker exec` of `argv` in a container, through the `docker` CLI given (an endpoint's)."""
    cmd = [*docker, "exec"]
    if interactive:
        cmd.append("-i")
    if tty:
        cmd.append("-t")
    if user:
        cmd += ["-u", user]
    for key, value in (env or {}).items():
        cmd += ["-e", f"{key}={value}"]
    return [*cmd, container, *argv]


def service_not_running(lab_id: str, service: str, running: Iterable[str], hint: str) -> NotFoundError:
    """The error for a command aimed at a service that has no running container."""
    return NotFoundError(f"service '{service}' of lab {lab_id} is not running; running: "
                         f"{', '.join(sorted(running)) or 'none'}.", hint=hint)
