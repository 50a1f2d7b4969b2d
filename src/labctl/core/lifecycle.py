"""up, down, reset and status of one environment.

Every verb is safe to repeat: the record is saved after each step, so an
interrupted `up` is completed by the next `up` or removed by `down`. Verbs on
one env never interleave (core.environment.env_lock): a `down` started while
an `up` runs waits for it, then removes what it made.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass, field, replace

from labctl import params as params_mod
from labctl.backends.base import Backend, backend_class
from labctl.core.environment import (
    EnvOptions,
    backends_for,
    checked_workdir,
    context,
    env_lock,
    new_record,
    placeholder_record,
    seed_workspace,
)
from labctl.env.context import Progress, no_progress
from labctl.env.naming import legacy_project_name
from labctl.env.record import EnvData, EnvRecord, EnvStatus
from labctl.env.status import Component, Observed, observe
from labctl.errors import LabctlError
from labctl.spec.kinds import DEFAULT_ENGINE, ENGINES
from labctl.spec.loader import Lab
from labctl.state import Store


@dataclass
class UpResult:
    record: EnvRecord
    already_up: bool
    _rows: list[Component] | None = None
    _backends: list[Backend] = field(default_factory=list)

    @property
    def components(self) -> list[Component]:
        """What runs now (asked of the engine on first use: most callers never need it)."""
        if self._rows is None:
            self._rows = _rows(self._backends)
        return self._rows


def _rows(backends: list[Backend]) -> list[Component]:
    return [row for b in backends for row in b.status()]


def _healthy(backends: list[Backend]) -> tuple[bool, list[Component]]:
    rows = _rows(backends)
    return bool(rows) and all(r.present and r.healthy for r in rows), rows


def check_prerequisites(lab: Lab, engine: str = DEFAULT_ENGINE) -> None:
    for name in ENGINES[engine].parts(lab.spec.environment.backends()):
        backend_class(name, engine).check_prerequisites()


def up(
    store: Store,
    lab: Lab,
    env: str,
    opts: EnvOptions | None = None,
    progress: Progress = no_progress,
    *,
    timeout: float = 300,
) -> UpResult:
    opts = opts or EnvOptions()
    if opts.overrides:  # bad --param values are bad input: say so before any engine work
        params_mod.resolve(lab.spec, None, overrides=dict(opts.overrides))
    known = store.get_env(lab.id, env)
    check_prerequisites(lab, known.data.engine if known is not None else opts.engine)
    with env_lock(lab.id, env, progress):
        return _up(store, lab, env, opts, progress, timeout)


def _up(store: Store, lab: Lab, env: str, opts: EnvOptions, progress: Progress, timeout: float) -> UpResult:
    record = store.get_env(lab.id, env)
    if record is None:
        record = new_record(store, lab, env, opts)
        store.save_env(record)
    ctx = context(lab, record, progress)
    backends = backends_for(ctx)
    if record.status is EnvStatus.UP:
        healthy, rows = _healthy(backends)
        if healthy:
            return UpResult(record, already_up=True, _rows=rows)
        progress("env is recorded as up but is not healthy; converging")
    record.status, record.error = EnvStatus.CREATING, None
    store.save_env(record)
    try:
        checked_workdir(record).mkdir(parents=True, exist_ok=True)
        # Prepare every part first (build images, start emulators) so the workspace's
        # templates can name images and endpoints, as they can in `labctl validate`.
        for backend in backends:
            backend.prepare()
            store.save_env(record)
        seed_workspace(ctx)
        for backend in backends:
            backend.render()
            backend.apply()
            store.save_env(record)
            backend.wait_ready(timeout)
    except LabctlError as exc:
        record.status, record.error = EnvStatus.FAILED, exc.message
        store.save_env(record)
        raise
    except BaseException as exc:  # Ctrl-C or a bug: the record must not claim `creating` forever
        record.status, record.error = EnvStatus.FAILED, f"interrupted ({type(exc).__name__})"
        store.save_env(record)
        raise
    record.status = EnvStatus.UP
    store.save_env(record)
    return UpResult(record, already_up=False, _backends=backends)


def _destroy(store: Store, lab: Lab, record: EnvRecord, progress: Progress) -> None:
    ctx = context(lab, record, progress)
    # Reverse of apply order: what runs on top of a stack goes first.
    for backend in reversed(backends_for(ctx)):
        backend.destroy()


def down(
    store: Store, lab: Lab, env: str, progress: Progress = no_progress, *, keep_workspace: bool = False
) -> bool:
    """Remove everything the env made. Returns False if nothing was recorded."""
    with env_lock(lab.id, env, progress):
        return _down(store, lab, env, progress, keep_workspace)


def _down(store: Store, lab: Lab, env: str, progress: Progress, keep_workspace: bool) -> bool:
    record = store.get_env(lab.id, env)
    known = record is not None
    if record is not None:
        record.status = EnvStatus.REMOVING
        store.save_env(record)
        _destroy(store, lab, record, progress)
    else:
        record = placeholder_record(store, lab, env)
        _destroy(store, lab, record, progress)
        # Named explicitly: also what an older labctl made for it (no store label yet).
        legacy = replace(record, data=EnvData(project=legacy_project_name(lab.id, env), legacy=True))
        _destroy(store, lab, legacy, progress)
    _forget(store, record, progress, keep_workspace)
    return known


def _forget(store: Store, record: EnvRecord, progress: Progress, keep_workspace: bool = False) -> None:
    """Remove the env's folder (only ever inside the labctl home) and its record."""
    try:
        workdir = checked_workdir(record)
    except LabctlError as exc:  # a damaged or foreign record: forget it, remove nothing outside
        progress(f"not removing its folder: {exc.message}")
    else:
        workspace = workdir / "workspace"
        if keep_workspace and workspace.exists():
            for item in workdir.iterdir():
                if item != workspace:
                    shutil.rmtree(item) if item.is_dir() and not item.is_symlink() else item.unlink()
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    store.delete_env(record.lab, record.name)


def down_without_lab(store: Store, record: EnvRecord, progress: Progress = no_progress) -> None:
    """Remove an env whose lab can no longer be loaded (its folder moved or deleted, or its
    lab.yaml broken since `up`), from its record and labels alone: its containers, networks,
    volumes and images, the AWS emulator it started and its folder. What needs the lab's own
    files to undo (a kind cluster, Terraform applied to shared or real AWS, a swarm stack) is
    refused with what to do instead, and nothing is removed."""
    from labctl.aws import emulator
    from labctl.aws.modes import parse_mode
    from labctl.backends.compose import sweep
    from labctl.env.labels import owner_labels
    from labctl.errors import UserInputError

    data = record.data
    needs_lab = []
    if data.engine != DEFAULT_ENGINE:
        needs_lab.append(f"its {data.engine} stack")
    if data.kind.cluster:
        needs_lab.append(f"its kind cluster {data.kind.cluster}")
    if data.aws_mode and not parse_mode(data.aws_mode).owns_emulator and data.tf_outputs is not None:
        needs_lab.append(f"what Terraform applied to {data.aws_mode}")
    if needs_lab:
        raise UserInputError(
            f"env '{record.name}' of lab {record.lab} cannot be removed without its lab: "
            f"{' and '.join(needs_lab)} can only be undone with the lab's files.",
            hint=f"Put the lab folder back ({data.labs_dir or 'where it was'}) or name it: "
            f"`labctl down <lab folder> --env {record.name}`.")
    with env_lock(record.lab, record.name, progress):
        record.status = EnvStatus.REMOVING
        store.save_env(record)
        progress("removing containers, networks and volumes (by their labels)")
        sweep(owner_labels(record.store, record.lab, record.name, legacy=data.legacy), store_id=record.store,
              legacy=data.legacy, project=data.project or None)
        with contextlib.suppress(LabctlError):  # a damaged record: _forget says so
            for pid in emulator.stop(checked_workdir(record)):
                progress(f"stopped the AWS emulator (pid {pid})")
        _forget(store, record, progress)


def status(store: Store, lab: Lab, env: str) -> tuple[EnvRecord | None, list[Component]]:
    record = store.get_env(lab.id, env)
    ctx = context(lab, record or placeholder_record(store, lab, env))
    return record, [row for b in backends_for(ctx) for row in b.status()]


def observed(record: EnvRecord, components: list[Component]) -> Observed:
    return observe(record.status, components)


def reset(
    store: Store, lab: Lab, env: str, opts: EnvOptions | None = None, progress: Progress = no_progress
) -> UpResult:
    """down + up from scratch, keeping the env's seed, parameters and ports."""
    record = store.get_env(lab.id, env)
    opts = opts or EnvOptions()
    if record is not None:
        opts.seed = opts.seed or record.seed
        opts.overrides = {**record.params, **(opts.overrides or {})}
        opts.ports = opts.ports or dict(record.ports)
        opts.bind_address = record.data.bind_address or opts.bind_address
        opts.aws = opts.aws or record.data.aws_mode
        opts.limits = opts.limits or record.data.limits
        opts.class_name = opts.class_name or record.class_name
        opts.student_id = opts.student_id or record.student_id
    down(store, lab, env, progress)
    return up(store, lab, env, opts, progress)
