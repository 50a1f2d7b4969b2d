"""up, down, reset and status of one environment.

Every verb is safe to repeat: the record is saved after each step, so an
interrupted `up` is completed by the next `up` or removed by `down`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

from labctl.backends.base import Backend, Component, Progress, _no_progress
from labctl.core.environment import (
    EnvOptions,
    backends_for,
    context,
    new_record,
    placeholder_record,
    seed_workspace,
)
from labctl.errors import LabctlError
from labctl.spec.loader import Lab
from labctl.state import EnvRecord, Store


@dataclass
class UpResult:
    record: EnvRecord
    already_up: bool
    components: list[Component] = field(default_factory=list)


def _healthy(backends: list[Backend]) -> tuple[bool, list[Component]]:
    rows = [row for b in backends for row in b.status()]
    return bool(rows) and all(r.healthy for r in rows), rows


def up(
    store: Store,
    lab: Lab,
    env: str,
    opts: EnvOptions | None = None,
    progress: Progress = _no_progress,
    *,
    timeout: float = 300,
) -> UpResult:
    opts = opts or EnvOptions()
    for name in lab.spec.environment.backends():
        from labctl.backends.base import backend_class

        backend_class(name).check_prerequisites()
    record = store.get_env(lab.id, env)
    if record is None:
        record = new_record(store, lab, env, opts)
        store.save_env(record)
    ctx = context(lab, record, progress)
    backends = backends_for(ctx)
    if record.status == "up":
        healthy, rows = _healthy(backends)
        if healthy:
            return UpResult(record, already_up=True, components=rows)
        progress("env is recorded as up but is not healthy; converging")
    record.status, record.error = "creating", None
    store.save_env(record)
    try:
        record.workdir_path.mkdir(parents=True, exist_ok=True)
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
        record.status, record.error = "failed", exc.message
        store.save_env(record)
        raise
    record.status = "up"
    store.save_env(record)
    return UpResult(record, already_up=False, components=_healthy(backends)[1])


def down(
    store: Store, lab: Lab, env: str, progress: Progress = _no_progress, *, keep_workspace: bool = False
) -> bool:
    """Remove everything the env made. Returns False if nothing was recorded."""
    record = store.get_env(lab.id, env)
    known = record is not None
    ctx = context(lab, record or placeholder_record(lab, env), progress)
    # Reverse of apply order: what runs on top of a stack goes first.
    for backend in reversed(backends_for(ctx)):
        backend.destroy()
    workdir = ctx.workdir
    if workdir.exists():
        if keep_workspace and ctx.workspace.exists():
            for item in workdir.iterdir():
                if item != ctx.workspace:
                    shutil.rmtree(item) if item.is_dir() else item.unlink()
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    store.delete_env(lab.id, env)
    return known


def status(store: Store, lab: Lab, env: str) -> tuple[EnvRecord | None, list[Component]]:
    record = store.get_env(lab.id, env)
    ctx = context(lab, record or placeholder_record(lab, env))
    rows = [row for b in backends_for(ctx) for row in b.status()]
    return record, rows


def reset(
    store: Store, lab: Lab, env: str, opts: EnvOptions | None = None, progress: Progress = _no_progress
) -> UpResult:
    """down + up from scratch, keeping the env's seed, parameters and ports."""
    record = store.get_env(lab.id, env)
    opts = opts or EnvOptions()
    if record is not None:
        opts.seed = opts.seed or record.seed
        opts.overrides = {**record.params, **(opts.overrides or {})}
        opts.ports = opts.ports or dict(record.ports)
        opts.bind_address = str(record.data.get("bind_address", opts.bind_address))
        opts.aws = opts.aws or record.data.get("aws_mode")
        opts.class_name = opts.class_name or record.class_name
        opts.student_id = opts.student_id or record.student_id
    down(store, lab, env, progress)
    return up(store, lab, env, opts, progress)
