"""`LabEnv`: bring a lab up in a test, act like a learner, grade, tear down.

For lab authors' own tests (`labs/<id>/tests/`, labctl's `tests/labs/`)::

    from labctl.testing import LabEnv

    def test_alternative_solution_gets_full_marks():
        with LabEnv("phase1") as lab:
            lab.exec("workspace", f"useradd -m -G sudo {lab.params['deploy_user']}")
            report = lab.grade(task="users")
            assert report.task("users").passed, report.task("users").checks

Every LabEnv gets a unique env name, so tests never touch a learner's env and
can run side by side. Share one across a module with a module-scoped fixture
(`up` is the slow part) and call `reset()` where a test needs a clean slate.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from labctl import runner
from labctl.core import lifecycle
from labctl.core.environment import EnvOptions, context, require_env
from labctl.core.solve import SolveResult, host_run, resolve_service, solution_env
from labctl.core.solve import exec_in as _exec_in
from labctl.core.solve import solve as _solve
from labctl.env.record import EnvRecord
from labctl.grading.scoring import GradeReport
from labctl.spec.loader import Lab, find_lab
from labctl.state import Store

if TYPE_CHECKING:
    from labctl.grading.launchers import ZygoteLauncher

__all__ = ["GradeReport", "LabEnv"]

PathLike = str | os.PathLike[str]


class LabEnv:
    """A lab environment for the length of a `with` block (up on enter, down on exit)."""

    def __init__(
        self,
        lab: str,
        labs_path: PathLike | list[PathLike] | None = None,
        env: str | None = None,
        params: dict[str, str | int | bool] | None = None,
        *,
        seed: str | None = None,
        keep: bool = False,
        store: Store | None = None,
        timeout: float = 300,
    ):
        from labctl import paths

        extra = [labs_path] if isinstance(labs_path, str | os.PathLike) else list(labs_path or [])
        self.lab: Lab = find_lab(lab, paths.labs_search_path([Path(p) for p in extra]))
        self.env = env or f"t-{secrets.token_hex(4)}"
        self.overrides = dict(params or {})
        self.seed = seed
        self.keep = keep
        self.timeout = timeout
        self._store = store
        self._record: EnvRecord | None = None
        #: grading workers are forked from one warm zygote for the env's lifetime
        self._launcher: ZygoteLauncher | None = None

    # -- lifecycle ----------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store()
        return self._store

    def _options(self) -> EnvOptions:
        return EnvOptions(seed=self.seed, overrides=dict(self.overrides))

    def up(self) -> LabEnv:
        result = lifecycle.up(self.store, self.lab, self.env, self._options(), timeout=self.timeout)
        self._record = result.record
        self.seed = result.record.seed
        return self

    def down(self) -> None:
        lifecycle.down(self.store, self.lab, self.env)
        self._record = None

    def reset(self) -> LabEnv:
        """Down and up again from scratch, with the same parameters and ports' names."""
        opts = self._options()
        opts.seed = self.seed or (self._record.seed if self._record else None)
        result = lifecycle.reset(self.store, self.lab, self.env, opts)
        self._record = result.record
        return self

    def __enter__(self) -> LabEnv:
        try:
            return self.up()
        except BaseException:
            if not self.keep:
                self.down()
            raise

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
        if not self.keep:
            self.down()

    def close(self) -> None:
        """Stop the grading zygote (the context manager does it; call it when not using one)."""
        if self._launcher is not None:
            self._launcher.close()
            self._launcher = None

    # -- what the env is ----------------------------------------------------

    @property
    def record(self) -> EnvRecord:
        if self._record is None:
            self._record = require_env(self.store, self.lab, self.env)
        return self._record

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.record.params)

    @property
    def ports(self) -> dict[str, int]:
        return dict(self.record.ports)

    @property
    def workspace(self) -> Path:
        return context(self.lab, self.record).workspace

    @property
    def workdir(self) -> Path:
        return self.record.workdir_path

    def url(self, port: str, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.ports[port]}/{path.lstrip('/')}"

    def container(self, service: str) -> str:
        from labctl.core.solve import containers

        return containers(context(self.lab, self.record))[service]

    # -- acting like a learner ----------------------------------------------

    def exec(self, service: str, script: str, *, check: bool = True, user: str = "root",
             timeout: float = 300) -> runner.Result:
        """Run a bash script in a service ('workspace' = the lab's workspace service).

        Raises labctl.errors.CommandFailed on a non-zero exit unless check=False."""
        ctx = context(self.lab, self.record)
        service = resolve_service(ctx, service) if service == "workspace" else service
        return _exec_in(ctx, service, script, solution_env(ctx), check=check, user=user,
                        timeout=timeout)

    def host_run(self, script: str, *, check: bool = True, timeout: float = 300) -> runner.Result:
        """Run a bash script on the host, cwd = the env's workspace, with the solutions' variables."""
        ctx = context(self.lab, self.record)
        return host_run(ctx, script, solution_env(ctx), check=check, timeout=timeout)

    # -- grading ------------------------------------------------------------

    def grade(self, task: str | list[str] | None = None, *, save: bool = False, connection: str = "labctl-docker",
              check_timeout: float | None = None) -> GradeReport:
        from labctl.core.grade import grade, grading_launcher

        if self._launcher is None:
            self._launcher = grading_launcher(self.lab)
        return grade(self.store, self.lab, self.env, task=task, save=save, connection=connection,
                     check_timeout=check_timeout, launcher=self._launcher)

    def solve(self, task: str | None = None) -> list[SolveResult]:
        return _solve(self.store, self.lab, self.env, task)

    def hint(self, task: str) -> str:
        from labctl.core.grade import reveal_hint

        return reveal_hint(self.store, self.lab, self.env, task).text
