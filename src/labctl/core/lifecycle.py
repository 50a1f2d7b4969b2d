"""up, down, reset and status of one environment.

Every verb is safe to repeat: the record is saved after each step, so an
interrupted `up` is completed by the next `up` or removed by `down`. Verbs on
one env never interleave (core.environment.env_lock): a `down` started while
an `up` runs waits for it, then removes what it made.
"""

from __future__ import annotations

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


def check_prerequisites(lab: Lab) -> None:
    for name in lab.spec.environment.backends():
        backend_class(name).check_prerequisites()


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
    check_prerequisites(lab)
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
    try:
        workdir = checked_workdir(record)
    except LabctlError as exc:  # a damaged or foreign record: forget it, remove nothing outside
        progress(f"not removing its folder: {exc.message}")
        store.delete_env(lab.id, env)
        return known
    if workdir.exists():
        workspace = workdir / "workspace"
        if keep_workspace and workspace.exists():
            for item in workdir.iterdir():
                if item != workspace:
                    shutil.rmtree(item) if item.is_dir() and not item.is_symlink() else item.unlink()
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    store.delete_env(lab.id, env)
    return known


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
