"""Open or create the environment record and the context backends work in."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from labctl import params as params_mod
from labctl import paths, ports
from labctl.backends.base import EnvContext, Progress, _no_progress, backends_for
from labctl.errors import NotFoundError
from labctl.render import render_tree
from labctl.spec.loader import Lab
from labctl.state import EnvRecord, Store

DEFAULT_ENV = "default"


@dataclass
class EnvOptions:
    """How a new environment is made (a class fills these per student)."""

    seed: str | None = None
    overrides: dict[str, str | int | bool] | None = None
    class_name: str | None = None
    student_id: str | None = None
    bind_address: str = "127.0.0.1"
    limits: dict[str, object] | None = None
    ports: dict[str, int] | None = None  # reuse these host ports (reset keeps an env's ports)
    aws: str | None = None  # terraform labs: emulator (default) | localstack | profile:NAME


def workdir_for(lab_id: str, env: str) -> Path:
    return paths.envs_dir() / lab_id / env


def taken_ports(store: Store) -> set[int]:
    return {p for e in store.list_envs() for p in e.ports.values()}


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
        lab=lab.id, name=env, status="creating", seed=seed,
        workdir=str(workdir_for(lab.id, env)), params=values, ports=host_ports,
        data={"bind_address": opts.bind_address, "labs_dir": str(lab.path),
              **({"limits": opts.limits} if opts.limits else {}),
              **({"aws_mode": opts.aws} if opts.aws else {})},
        class_name=opts.class_name, student_id=opts.student_id,
    )


def context(lab: Lab, record: EnvRecord, progress: Progress = _no_progress) -> EnvContext:
    ctx = EnvContext(
        lab=lab, record=record,
        bind_address=str(record.data.get("bind_address", "127.0.0.1")),
        progress=progress,
    )
    if record.data.get("limits"):
        ctx.extra["limits"] = record.data["limits"]
    return ctx


def placeholder_record(lab: Lab, env: str) -> EnvRecord:
    """A record for an env that state lost: enough for backends to find it by labels."""
    return EnvRecord(lab=lab.id, name=env, status="unknown", seed="",
                     workdir=str(workdir_for(lab.id, env)))


def require_env(store: Store, lab: Lab, env: str) -> EnvRecord:
    record = store.get_env(lab.id, env)
    if record is None:
        names = [e.name for e in store.list_envs(lab.id)]
        known = f" Its envs: {', '.join(names)}." if names else ""
        raise NotFoundError(
            f"lab {lab.id} has no env '{env}'.{known}",
            hint=f"Start one with `labctl up {lab.id}{'' if env == DEFAULT_ENV else ' --env ' + env}`.",
        )
    return record


def seed_workspace(ctx: EnvContext) -> Path:
    """Copy the lab's workspace folder once; never overwrite the learner's work."""
    spec = ctx.lab.spec
    target = ctx.workspace
    if target.exists():
        return target
    if spec.workspace:
        tmp = target.with_name("workspace.partial")
        shutil.rmtree(tmp, ignore_errors=True)
        render_tree(ctx.lab, ctx.lab.file(spec.workspace), tmp, ctx.template_context())
        tmp.replace(target)
    else:
        target.mkdir(parents=True, exist_ok=True)
    return target


__all__ = [
    "DEFAULT_ENV", "EnvOptions", "backends_for", "context", "new_record", "placeholder_record",
    "require_env", "seed_workspace", "workdir_for",
]
