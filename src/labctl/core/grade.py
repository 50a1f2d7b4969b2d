"""Grade an env: run the lab's checks against it, score them, store the result."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from labctl.backends.base import backends_for
from labctl.core.access import hint_text
from labctl.core.environment import context, require_env
from labctl.env.record import EnvRecord, EnvStatus
from labctl.errors import LabctlError, NotFoundError, SpecError, UserInputError
from labctl.grading.context import (
    CONNECTIONS,
    DEFAULT_CONNECTION,
    GradingContext,
    PortInfo,
    TaskChecks,
)
from labctl.grading.mapping import split_entry
from labctl.grading.scoring import CheckResult, GradeReport, build_report, score_task
from labctl.spec.loader import Lab
from labctl.spec.names import env_flag
from labctl.state import Store

if TYPE_CHECKING:
    from labctl.grading.launchers import Launcher, ZygoteLauncher


def grading_context(
    lab: Lab,
    record: EnvRecord,
    *,
    tasks: Sequence[str] = (),
    connection: str = DEFAULT_CONNECTION,
    check_timeout: float | None = None,
) -> GradingContext:
    """Everything the checks may know about the env, gathered from its backends."""
    if connection not in CONNECTIONS:
        raise UserInputError(f"connection '{connection}' unknown; choose from: {', '.join(CONNECTIONS)}.")
    spec = lab.spec
    ctx = context(lab, record)
    targets: dict[str, str] = {}
    env_vars: dict[str, str] = {}
    for backend in backends_for(ctx):
        targets.update(backend.targets())
        env_vars.update(backend.env_vars())
    containers = {svc: url.removeprefix("docker://") for svc, url in targets.items()
                  if url.startswith("docker://")}
    ports = [
        PortInfo(name=p.name, service=p.service, target=p.target, scheme=p.scheme,
                 host_port=int(record.ports[p.name]))
        for p in spec.all_ports() if p.name in record.ports
    ]
    compose = spec.environment.compose
    return GradingContext(
        lab=lab.id, lab_path=str(lab.path), env=record.name, project=ctx.project,
        workdir=str(ctx.workdir), workspace=str(ctx.workspace),
        tasks=[TaskChecks(id=t.id, checks=list(t.checks)) for t in spec.tasks],
        backends=spec.environment.backends(),
        params=dict(record.params), ports=ports, bind_address=ctx.bind_address,
        targets=targets, containers=containers,
        workspace_service=compose.workspace if compose else None,
        env_vars=env_vars, data=record.data.to_dict(), class_name=record.class_name,
        student_id=record.student_id,
        check_timeout=float(check_timeout or spec.check_timeout), connection=connection,
        only_tasks=list(tasks),
    )


def grading_launcher(lab: Lab) -> ZygoteLauncher:
    """A launcher for grading many envs of this lab in a row: each run is forked from one
    warm process that imported pytest, testinfra, the Docker SDK, the lab's check modules
    and, if the lab needs them, boto3 or the Kubernetes client once. Use it as a context
    manager."""
    from labctl.grading.launchers import ZygoteLauncher
    from labctl.grading.worker import fixture_modules_for

    checks = sorted({lab.path / split_entry(entry)[0] for t in lab.spec.tasks for entry in t.checks})
    return ZygoteLauncher(preload=fixture_modules_for(lab.spec.environment.backends()), checks=checks)


def grade(
    store: Store,
    lab: Lab,
    env: str,
    *,
    task: str | Sequence[str] | None = None,
    connection: str = DEFAULT_CONNECTION,
    check_timeout: float | None = None,
    save: bool = True,
    launcher: Launcher | None = None,
) -> GradeReport:
    """Run the checks (all tasks, or the given ones), score them and, if `save`, store the run.
    Grading many envs in a row, pass a `grading_launcher()` (workers forked from a warm process)."""
    from labctl.grading.engine import run_checks

    spec = lab.spec
    only = [task] if isinstance(task, str) else list(task or [])
    for task_id in only:
        if spec.task(task_id) is None:
            raise NotFoundError(
                f"lab {lab.id} has no task '{task_id}'; its tasks: {', '.join(t.id for t in spec.tasks)}."
            )
    record = require_env(store, lab, env)
    if record.status is not EnvStatus.UP:
        raise LabctlError(
            f"env '{env}' of lab {lab.id} is {record.status.value}, not up"
            + (f" ({record.error})" if record.error else "") + ".",
            hint=f"Bring it up with `labctl up {lab.id}{env_flag(env)}`, then grade again.",
        )
    started = time.monotonic()
    run = run_checks(lambda: grading_context(lab, record, tasks=only, connection=connection,
                                             check_timeout=check_timeout), launcher=launcher)
    if run.errors:
        raise SpecError(
            run.errors[0] + (f" (and {len(run.errors) - 1} more)" if len(run.errors) > 1 else ""),
            file=str(lab.spec_file), field="tasks.checks",
        )
    hints = store.hints_used(lab.id, env)
    solved = store.solved_tasks(lab.id, env)
    results = []
    for t in spec.tasks:
        if only and t.id not in only:
            continue
        checks = [
            CheckResult(name=c.name, passed=c.passed, message=c.message, duration=round(c.duration, 4),
                        weight=c.weight, file=c.file, outcome=c.outcome)
            for c in run.checks if c.task == t.id
        ]
        for file, message in run.collect_errors:
            if any(split_entry(entry)[0] == file for entry in t.checks):
                checks.append(CheckResult(name=Path(file).name, passed=False, message=message,
                                          file=file, outcome="error"))
        if not checks:
            checks.append(CheckResult(
                name="(no checks)", passed=False, file="", outcome="error",
                message="no checks were found for this task (a lab bug: tell the lab's author)",
            ))
        results.append(score_task(
            t.id, t.title, t.points, checks, hints_used=hints.get(t.id, 0),
            penalty_per_hint=spec.hint_penalty, solved_by_solution=t.id in solved,
        ))
    report = build_report(lab.id, env, results, duration=time.monotonic() - started)
    if save:
        store.add_grade(lab.id, env, report.score, report.max_score, report.to_dict())
    return report


@dataclass
class HintResult:
    task: str
    #: 1-based number of the hint shown; 0 if the task has no hints
    level: int
    total: int
    text: str
    remaining: int
    penalty_per_hint: float
    #: points this task now loses to hints
    penalty: float
    #: True when every hint had been revealed before: the last one is shown again
    exhausted: bool = False


def reveal_hint(store: Store, lab: Lab, env: str, task_id: str) -> HintResult:
    """Reveal the task's next tiered hint and record it (it costs `hint_penalty` points)."""
    spec = lab.spec
    task = spec.task(task_id)
    if task is None:
        raise NotFoundError(
            f"lab {lab.id} has no task '{task_id}'; its tasks: {', '.join(t.id for t in spec.tasks)}."
        )
    require_env(store, lab, env)
    total = len(task.hints)
    used = store.hints_used(lab.id, env).get(task.id, 0)
    if total == 0:
        return HintResult(task.id, 0, 0, "", 0, spec.hint_penalty, 0.0)
    if used >= total:
        last = hint_text(store, lab, env, task.id, total - 1)
        return HintResult(task.id, total, total, last, 0, spec.hint_penalty,
                          min(task.points, total * spec.hint_penalty), exhausted=True)
    level = used + 1
    text = hint_text(store, lab, env, task.id, level - 1)  # first: a hint that cannot be shown costs nothing
    store.record_hint(lab.id, env, task.id, level)
    return HintResult(task.id, level, total, text, total - level, spec.hint_penalty,
                      min(task.points, level * spec.hint_penalty))
