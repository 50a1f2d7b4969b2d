"""Open or create the environment record and the context backends work in."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labctl import params as params_mod
from labctl import paths, ports
from labctl.backends.base import backends_for
from labctl.env.context import EnvContext, Progress, no_progress
from labctl.env.naming import project_name
from labctl.env.record import EnvData, EnvRecord, EnvStatus, SwarmData
from labctl.errors import LabctlError, NotFoundError
from labctl.spec.loader import Lab
from labctl.spec.names import DEFAULT_ENV, check_env_name, env_flag
from labctl.state import Store


@dataclass
class EnvOptions:
    """How a new environment is made (a class fills these per student)."""

    seed: str | None = None
    overrides: dict[str, str | int | bool] | None = None
    class_name: str | None = None
    student_id: str | None = None
    bind_address: str = "127.0.0.1"
    limits: dict[str, Any] | None = None
    ports: dict[str, int] | None = None  # reuse these host ports (reset keeps an env's ports)
    aws: str | None = None  # terraform labs: emulator (default) | localstack | profile:NAME
    engine: str = "compose"  # compose (this machine's engine) | swarm (classes)
    swarm: SwarmData | None = None  # swarm envs: registry, publishing, reservations (node: chosen later)


def workdir_for(lab_id: str, env: str) -> Path:
    check_env_name(env, option=None)
    return paths.envs_dir() / lab_id / env


def checked_workdir(record: EnvRecord) -> Path:
    """The env's workdir, resolved, after making sure it lies inside labctl's envs folder:
    nothing is ever written or removed outside it, whatever a record says."""
    root = paths.envs_dir().resolve()
    path = record.workdir_path.resolve()
    if path == root or root not in path.parents:
        raise LabctlError(
            f"refusing to touch {path}: env '{record.name}' of lab {record.lab} records a workdir "
            f"outside labctl's envs folder {root}.",
            hint="Its record is damaged or was made by another tool; remove the folder yourself if "
            "it is really the env's.",
        )
    return path


def taken_ports(store: Store) -> set[int]:
    """Host ports promised to envs: their published ports, and their AWS endpoints' ports."""
    taken = {p for e in store.list_envs() for p in e.ports.values()}
    taken |= {int(e.data.aws["port"]) for e in store.list_envs() if (e.data.aws or {}).get("port")}
    return taken


def new_record(store: Store, lab: Lab, env: str, opts: EnvOptions) -> EnvRecord:
    """A fresh record: seed, parameters and host ports chosen once, then kept."""
    seed = opts.seed or params_mod.new_seed()
    avoid = taken_ports(store)

    def allocate() -> int:
        port = ports.free_port(opts.bind_address, avoid)
        avoid.add(port)
        return port

    values = params_mod.resolve(lab.spec, seed, overrides=opts.overrides, free_port=allocate)
    kept = opts.ports or {}
    host_ports = {p.name: kept.get(p.name) or allocate() for p in lab.spec.all_ports()}
    return EnvRecord(
        lab=lab.id, name=env, status=EnvStatus.CREATING, seed=seed,
        workdir=str(workdir_for(lab.id, env)), params=values, ports=host_ports,
        data=EnvData(project=project_name(store.store_id, lab.id, env), bind_address=opts.bind_address,
                     labs_dir=str(lab.path), limits=opts.limits or None, aws_mode=opts.aws,
                     engine=opts.engine, swarm=opts.swarm or SwarmData()),
        class_name=opts.class_name, student_id=opts.student_id, store=store.store_id,
    )


def context(lab: Lab, record: EnvRecord, progress: Progress = no_progress) -> EnvContext:
    return EnvContext(lab=lab, record=record, progress=progress)


def placeholder_record(store: Store, lab: Lab, env: str) -> EnvRecord:
    """A record for an env that state lost: enough for backends to find it by labels."""
    return EnvRecord(lab=lab.id, name=env, status=EnvStatus.UNKNOWN, seed="",
                     workdir=str(workdir_for(lab.id, env)),
                     data=EnvData(project=project_name(store.store_id, lab.id, env)),
                     store=store.store_id)


def require_env(store: Store, lab: Lab, env: str) -> EnvRecord:
    record = store.get_env(lab.id, env)
    if record is None:
        names = [e.name for e in store.list_envs(lab.id)]
        known = f" Its envs: {', '.join(names)}." if names else ""
        raise NotFoundError(
            f"lab {lab.id} has no env '{env}'.{known}",
            hint=f"Start one with `labctl up {lab.id}{env_flag(env)}`.",
        )
    return record


def seed_workspace(ctx: EnvContext) -> Path:
    """Copy the lab's workspace folder once; never overwrite the learner's work."""
    spec = ctx.lab.spec
    target = ctx.workspace
    if target.exists():
        return target
    if spec.workspace:
        from labctl.render import render_tree

        tmp = target.with_name("workspace.partial")
        shutil.rmtree(tmp, ignore_errors=True)
        render_tree(ctx.lab, ctx.lab.file(spec.workspace), tmp, ctx.template_context())
        tmp.replace(target)
    else:
        target.mkdir(parents=True, exist_ok=True)
    return target


@contextlib.contextmanager
def env_lock(lab_id: str, env: str, progress: Progress = no_progress) -> Iterator[None]:
    """Hold this env's lock for one lifecycle verb: an `up` and a `down` (or two of either) of
    one env never interleave, whichever processes or threads run them. The lock file lives
    outside the workdir (which `down` removes) and is released when its holder dies."""
    folder = paths.data_dir() / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{lab_id}--{env}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
            progress(f"waiting for another labctl command on this env to finish ({holder or 'pid ?'})")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


__all__ = [
    "DEFAULT_ENV", "EnvOptions", "backends_for", "checked_workdir", "context", "env_lock",
    "new_record", "placeholder_record", "require_env", "seed_workspace", "workdir_for",
]
