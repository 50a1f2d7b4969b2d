"""Run a lab's reference solutions inside an env and mark the tasks solved.

A solution is a bash script from the installed lab folder. It runs as root
in its `run_in` service (default: the compose workspace service), piped into
`docker exec -i CONTAINER bash -s`, or on the host with the env's workspace
as cwd. It gets `LAB_PARAM_<NAME>`, `LAB_PORT_<NAME>`, `LABCTL_WORKSPACE`,
`LABCTL_ENV`, `LABCTL_LAB` and whatever the backends export (AWS_*, ...).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from labctl import runner
from labctl.backends.base import Backend, backends_for, container_backend
from labctl.core.environment import context, require_env
from labctl.env.context import EnvContext, Progress, no_progress
from labctl.env.record import EnvRecord, EnvStatus
from labctl.errors import CommandFailed, CommandTimeout, LabctlError, NotFoundError, UserInputError
from labctl.spec.loader import Lab
from labctl.spec.models import Task
from labctl.spec.textfile import read_text
from labctl.state import Store

SOLUTION_TIMEOUT = 600.0
HOST = "host"
WORKSPACE = "workspace"


class ScriptFailed(CommandFailed):
    """A bash script (solution, `LabEnv.exec`) that exited non-zero: the message says where
    and ends with the script's last output lines, not the `docker exec` command line."""

    def __init__(self, where: str, result: runner.Result, what: str = ""):
        super().__init__(result.argv, result.returncode, result.stdout, result.stderr, what=what)
        tail = "\n".join((result.stderr.strip() or result.stdout.strip()).splitlines()[-5:])
        self.where = where
        self.message = f"{what or 'bash script'} {where} failed (exit {result.returncode})" + (
            f": {tail}" if tail else "")


@dataclass
class SolveResult:
    task: str
    ran: bool
    run_in: str = ""
    duration: float = 0.0
    output: str = ""
    note: str = ""


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def solution_env(ctx: EnvContext, backends_env: dict[str, str] | None = None) -> dict[str, str]:
    """The variables a solution (or `LabEnv.host_run`) gets."""
    rec = ctx.record
    values = {f"LAB_PARAM_{k.upper()}": _value(v) for k, v in rec.params.items()}
    values |= {f"LAB_PORT_{k.upper()}": str(v) for k, v in rec.ports.items()}
    values |= {"LABCTL_WORKSPACE": str(ctx.workspace), "LABCTL_ENV": rec.name, "LABCTL_LAB": ctx.lab.id}
    if backends_env is None:
        backends_env = {}
        for backend in backends_for(ctx):
            backends_env.update(backend.env_vars())
    return values | backends_env


def containers(ctx: EnvContext) -> dict[str, str]:
    """service -> running container name, over every part of the env that runs containers."""
    names: dict[str, str] = {}
    for backend in backends_for(ctx):
        names.update(backend.containers())
    return names


def exec_backend(ctx: EnvContext, service: str) -> Backend:
    """The part of the env that runs `service`, or a NotFoundError listing what runs."""
    backend = container_backend(backends_for(ctx), service)
    if backend is None:
        running = containers(ctx)
        raise NotFoundError(
            f"service '{service}' of lab {ctx.lab.id} is not running; running: "
            f"{', '.join(sorted(running)) or 'none'}.",
            hint=f"Bring the env up again with `labctl up {ctx.lab.id}`.",
        )
    return backend


def resolve_service(ctx: EnvContext, run_in: str) -> str:
    """The compose service a `run_in` names ('workspace' is the lab's workspace service)."""
    part = ctx.lab.spec.environment.compose
    if part is None:
        raise UserInputError(
            f"lab {ctx.lab.id} has no containers to run '{run_in}' in; use run_in: host.",
        )
    if run_in == WORKSPACE:
        if part.workspace is None:
            raise UserInputError(
                f"lab {ctx.lab.id} has no compose workspace service: give its solutions "
                "run_in: host or a service name.",
            )
        return part.workspace
    return run_in


def exec_in(
    ctx: EnvContext,
    service: str,
    script: str,
    env: dict[str, str],
    *,
    check: bool = True,
    timeout: float = SOLUTION_TIMEOUT,
    user: str = "root",
    what: str = "",
    backend: Backend | None = None,
) -> runner.Result:
    """Pipe a bash script into a service's container (`docker exec -i ... bash -s`)."""
    backend = exec_backend(ctx, service) if backend is None else backend
    result = backend.exec(service, ["bash", "-s"], input=script, user=user, env=env, timeout=timeout)
    if check and not result.ok:
        raise ScriptFailed(f"in service {service}", result, what)
    return result


def host_run(
    ctx: EnvContext, script: str, env: dict[str, str], *, check: bool = True,
    timeout: float = SOLUTION_TIMEOUT, what: str = "",
) -> runner.Result:
    """Run a bash script on the host with the env's workspace as cwd."""
    ctx.workspace.mkdir(parents=True, exist_ok=True)
    result = runner.run(["bash", "-s"], input=script, cwd=ctx.workspace, env=env, timeout=timeout,
                        check=False)
    if check and not result.ok:
        raise ScriptFailed("on the host", result, what)
    return result


def _run_solution(ctx: EnvContext, task: Task, env: dict[str, str], timeout: float) -> SolveResult:
    assert task.solution is not None
    path = ctx.lab.file(task.solution.script)
    script = read_text(path, "solution script")
    run_in = task.solution.run_in
    what = f"the solution of task {task.id} ({task.solution.script})"
    started = time.monotonic()
    try:
        if run_in == HOST:
            result = host_run(ctx, script, env, timeout=timeout, what=what)
            where = HOST
        else:
            where = resolve_service(ctx, run_in)
            result = exec_in(ctx, where, script, env, timeout=timeout, what=what)
    except CommandFailed as exc:
        raise LabctlError(
            f"{what} failed with exit code {exc.returncode} in {run_in}.",
            hint="Its output is below. Solutions must succeed on a fresh env and when run twice.",
            details="\n".join((exc.stdout + exc.stderr).strip().splitlines()[-20:]) or None,
        ) from exc
    except CommandTimeout as exc:
        raise LabctlError(f"{what} did not finish within {timeout:.0f} s.") from exc
    return SolveResult(task.id, True, where, time.monotonic() - started,
                       (result.stdout + result.stderr).strip())


def solve(
    store: Store,
    lab: Lab,
    env: str,
    task: str | None = None,
    *,
    progress: Progress = no_progress,
    timeout: float = SOLUTION_TIMEOUT,
    record: EnvRecord | None = None,
) -> list[SolveResult]:
    """Run the reference solution of one task, or of every task in spec order."""
    spec = lab.spec
    if task is not None:
        chosen = spec.task(task)
        if chosen is None:
            raise NotFoundError(
                f"lab {lab.id} has no task '{task}'; its tasks: {', '.join(t.id for t in spec.tasks)}."
            )
        if chosen.solution is None:
            raise UserInputError(f"task {task} of lab {lab.id} has no reference solution.")
        tasks = [chosen]
    else:
        tasks = list(spec.tasks)
    record = record or require_env(store, lab, env)
    if record.status is not EnvStatus.UP:
        raise LabctlError(f"env '{env}' of lab {lab.id} is {record.status.value}, not up.",
                          hint=f"Bring it up with `labctl up {lab.id}` first.")
    ctx = context(lab, record)
    env_vars = solution_env(ctx)
    results: list[SolveResult] = []
    for t in tasks:
        if t.solution is None:
            results.append(SolveResult(t.id, False, note="no reference solution"))
            continue
        progress(f"solving {t.id}")
        result = _run_solution(ctx, t, env_vars, timeout)
        store.mark_solved(lab.id, record.name, t.id)
        results.append(result)
    return results
