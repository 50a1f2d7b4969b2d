"""Environment lifecycle commands: up, down, reset, status, shell, exec, logs, env, task."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from labctl.cli.common import EnvOpt, FormatOpt, LabArg, OutputFormat, load_env_lab, load_lab, store
from labctl.spec.names import DEFAULT_ENV, env_flag

if TYPE_CHECKING:
    from labctl.spec.loader import Lab


def register(app: typer.Typer) -> None:
    app.command("up")(up)
    app.command("down")(down)
    app.command("reset")(reset)
    app.command("status")(status)
    app.command("shell")(shell)
    app.command("exec")(exec_)
    app.command("logs")(logs)
    app.command("env")(env_exports)
    app.command("task")(task)


def _bind_address(value: str) -> str:
    from labctl.ports import check_address

    return check_address(value, "--bind")


def _parse_params(items: list[str] | None) -> dict[str, str | int | bool]:
    from labctl.errors import UserInputError

    out: dict[str, str | int | bool] = {}
    for item in items or []:
        if "=" not in item:
            raise UserInputError(f"--param '{item}' must look like NAME=VALUE.")
        key, value = item.split("=", 1)
        out[key] = value
    return out


def up(
    lab_id: LabArg,
    env: EnvOpt = DEFAULT_ENV,
    bind: Annotated[str, typer.Option("--bind", callback=_bind_address,
                                      help="IPv4 address published ports bind to.")] = "127.0.0.1",
    seed: Annotated[str | None, typer.Option("--seed", help="Seed for generated parameters.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Override a parameter: NAME=VALUE.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, max=86400,
                                           help="Seconds to wait for readiness (1-86400).")] = 300,
    aws: Annotated[str | None, typer.Option(
        "--aws", help="Terraform labs' AWS: emulator (default, a private moto server), localstack, "
        "or profile:NAME (real AWS: costs money).")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Provision a lab environment (render, build images, start, wait until ready)."""
    from labctl.cli.output import console, print_json, progress
    from labctl.core import lifecycle
    from labctl.core.environment import EnvOptions

    lab = load_lab(lab_id)
    aws_mode = _aws_mode(aws)
    existing = store().get_env(lab.id, env) if aws_mode else None
    if existing is not None and (existing.data.aws_mode or "emulator") != aws_mode:
        from labctl.errors import UserInputError

        raise UserInputError(
            f"env '{env}' of {lab.id} already uses --aws {existing.data.aws_mode or 'emulator'}; "
            f"an env keeps its AWS. Remove it first (`labctl down {lab.id} --env {env}`) or use another --env."
        )
    opts = EnvOptions(seed=seed, overrides=_parse_params(param), bind_address=bind, aws=aws_mode)
    with progress(f"up {lab.id}") as step:
        result = lifecycle.up(store(), lab, env, opts, step, timeout=timeout)
    rec = result.record
    if fmt is OutputFormat.json:
        print_json(_env_json(lab, rec, result.components, already_up=result.already_up))
        return
    if result.already_up:
        console.print(f"[green]{lab.id}[/] env '{env}' is already up; nothing changed.")
    else:
        console.print(f"[green]{lab.id}[/] env '{env}' is up.")
    _print_access(lab, rec)


def _aws_mode(value: str | None) -> str | None:
    """Validate --aws; real AWS gets a loud warning before anything is made."""
    if value is None:
        return None
    from labctl.aws.modes import REAL_AWS_WARNING, parse_mode
    from labctl.cli.output import err_console

    mode = parse_mode(value)
    if mode.costs_money:
        from labctl.aws.modes import profile_region

        profile_region(mode.profile or "")  # an unknown profile fails here, before anything is made
        warning = REAL_AWS_WARNING.format(profile=mode.profile)
        err_console.print(f"[bold red reverse] WARNING [/] [bold red]{warning}[/]", soft_wrap=True, highlight=False)
    return str(mode)


def _print_access(lab: object, rec: object) -> None:
    from labctl.cli.output import console
    from labctl.env.record import EnvRecord
    from labctl.spec.loader import Lab

    assert isinstance(lab, Lab) and isinstance(rec, EnvRecord)
    flag = env_flag(rec.name)
    bind = rec.data.bind_address
    host = "127.0.0.1" if bind in ("0.0.0.0", "") else bind
    for port in lab.spec.all_ports():
        if port.name in rec.ports:
            console.print(f"  {port.name:<12} {port.scheme}://{host}:{rec.ports[port.name]}")
    workspace = rec.workdir_path / "workspace"
    if lab.spec.workspace:
        console.print(f"  workspace    {workspace}")
    aws = rec.data.aws
    if lab.spec.environment.terraform and aws:
        console.print(f"  aws          {aws.get('endpoint') or 'profile ' + str(aws.get('profile'))} "
                      f"({aws.get('mode')}, {aws.get('region')})")
    if lab.spec.environment.compose and lab.spec.environment.compose.workspace:
        console.print(f"Get in:   labctl shell {lab.id}{flag}")
    if lab.spec.environment.terraform and aws:
        console.print(f'AWS + TF: eval "$(labctl env {lab.id}{flag})"   (your terraform, aws CLI, boto3)')
    console.print(f"Tasks:    labctl show {lab.id}   (then labctl task {lab.id} TASK)")
    console.print(f"Grade:    labctl grade {lab.id}{flag}")
    console.print(f"Clean up: labctl down {lab.id}{flag}")


def _env_json(lab: object, rec: object, components: Sequence[object], **extra: object) -> dict[str, Any]:
    from labctl.env.record import EnvRecord
    from labctl.env.status import Component, observe

    assert isinstance(rec, EnvRecord)
    rows = [c for c in components if isinstance(c, Component)]
    seen = observe(rec.status, rows)
    return {
        "lab": rec.lab, "env": rec.name, "status": seen.status.value, "recorded_status": rec.status.value,
        "healthy": seen.healthy, "total": seen.total, "project": rec.project, "ports": rec.ports,
        "params": rec.params, "workdir": rec.workdir, "class": rec.class_name,
        "student": rec.student_id, "error": rec.error,
        "components": [c.__dict__ for c in components], **extra,
    }


def down(
    lab_id: LabArg,
    env: EnvOpt = DEFAULT_ENV,
    all_envs: Annotated[bool, typer.Option("--all", help="Remove every env of this lab that this labctl "
                                           "home made.")] = False,
    store_id: Annotated[str | None, typer.Option(
        "--store", help="Remove the named env of ANOTHER labctl home on this engine (its store id, "
        "from `labctl status --all-stores`). Only objects are removed: that home's records stay.")] = None,
) -> None:
    """Remove everything an env made (containers, networks, volumes, stacks). Safe to repeat."""
    from labctl.cli.output import console, progress
    from labctl.core import lifecycle

    lab = _lab_to_remove(lab_id, env, all_envs, store_id)
    if lab is None:
        return
    if store_id is not None:
        from labctl.core.foreign import down_foreign

        if all_envs:
            from labctl.errors import UserInputError

            raise UserInputError("--store removes one named env of another labctl home; it does not "
                                 "combine with --all. Name the env with --env.")
        with progress(f"down {lab.id}/{env} of store {store_id}") as step:
            removed = down_foreign(store(), lab, env, store_id, step)
        console.print(f"{lab.id} env '{env}' of store {store_id}: {removed} object(s) removed.")
        return
    names = [e.name for e in store().list_envs(lab.id)] if all_envs else [env]
    if all_envs:
        from labctl.core.discovery import discovered_envs

        names = sorted(set(names) | discovered_envs(store(), lab.id))
    for name in names:
        with progress(f"down {lab.id}/{name}") as step:
            lifecycle.down(store(), lab, name, step)
        console.print(f"{lab.id} env '{name}' is down; nothing of it is left.")
    if not names:
        console.print(f"{lab.id} has no envs.")


def _lab_to_remove(lab_id: str, env: str, all_envs: bool, store_id: str | None) -> Lab | None:
    """The lab for `down`; None when it could not be loaded but its envs were removed from their
    records alone (a lab folder deleted or a lab.yaml broken after `up` must not strand envs)."""
    from labctl.errors import UserInputError

    try:
        return load_env_lab(lab_id, env)
    except UserInputError:  # not found, or its lab.yaml is broken
        if store_id is not None or "/" in lab_id or lab_id.startswith("."):
            raise
        records = [r for r in store().list_envs(lab_id) if all_envs or r.name == env]
        if not records:
            raise
    from labctl.cli.output import console, progress
    from labctl.core import lifecycle

    for record in records:
        with progress(f"down {record.lab}/{record.name} (its lab cannot be loaded)") as step:
            lifecycle.down_without_lab(store(), record, step)
        console.print(f"{record.lab} env '{record.name}' is down; nothing of it is left.")
    return None


def reset(lab_id: LabArg, env: EnvOpt = DEFAULT_ENV) -> None:
    """Tear an env down and provision it again from scratch (same parameters)."""
    from labctl.cli.output import console, progress
    from labctl.core import lifecycle

    lab = load_env_lab(lab_id, env)
    with progress(f"reset {lab.id}") as step:
        result = lifecycle.reset(store(), lab, env, progress=step)
    console.print(f"[green]{lab.id}[/] env '{env}' was reset and is up.")
    _print_access(lab, result.record)


def status(
    lab_id: Annotated[str | None, typer.Argument(help="Lab id; all envs if omitted.")] = None,
    env: Annotated[str | None, typer.Option("--env", "-e", help="Only this env.")] = None,
    all_stores: Annotated[bool, typer.Option(
        "--all-stores", help="Also list envs other labctl homes made on this engine (read-only).")] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show environments: state, ports and components."""
    from rich.table import Table

    from labctl.cli.output import console, print_json
    from labctl.core import lifecycle
    from labctl.core.discovery import other_stores_envs, untracked_envs
    from labctl.env.status import what_to_do

    st = store()
    labs = [load_lab(lab_id)] if lab_id else None
    records = st.list_envs(labs[0].id if labs else None)
    if env:
        records = [r for r in records if r.name == env]
    out = []
    for rec in records:
        lab = load_lab(rec.data.labs_dir or rec.lab) if not labs else labs[0]
        out.append(_env_json(lab, rec, lifecycle.status(st, lab, rec.name)[1]))
    lab_filter = labs[0].id if labs else None
    orphans = [o.to_dict() for o in untracked_envs(st, lab_filter)]
    others = [o.to_dict() for o in other_stores_envs(st, lab_filter)] if all_stores else []
    if fmt is OutputFormat.json:
        print_json({"store": st.store_id, "envs": out, "untracked": orphans,
                    **({"other_stores": others} if all_stores else {})})
        return
    if not out and not orphans and not others:
        console.print("No environments. Start one with `labctl up LAB`.")
        return
    if out:
        table = Table("lab", "env", "status", "ports", "components")
        for row in out:
            comps: list[dict[str, Any]] = row["components"]
            ports: dict[str, int] = row["ports"]
            table.add_row(str(row["lab"]), str(row["env"]), _status_text(row),
                          ", ".join(f"{k}={v}" for k, v in ports.items()),
                          ", ".join(f"{c['name']} {c['state']}" for c in comps) or "-")
        console.print(table)
    from labctl.env.record import EnvStatus

    for row in out:
        advice = what_to_do(EnvStatus(row["status"]), str(row["lab"]), env_flag(str(row["env"])))
        if advice:
            console.print(f"[yellow]![/] {row['lab']}/{row['env']} is {row['status']}: {advice}",
                          soft_wrap=True)
    for o in orphans:
        console.print(f"[yellow]![/] untracked env {o['lab']}/{o['env']} of this labctl home "
                      f"({o['containers']} containers, no record): remove it with "
                      f"`labctl down {o['lab']}{env_flag(o['env'])}`", soft_wrap=True)
    if others:
        table = Table("store", "lab", "env", "containers", title="other labctl homes on this engine (read-only)")
        for o in others:
            table.add_row(o["store"] or "(none: made before store ids)", o["lab"], o["env"], str(o["containers"]))
        console.print(table)


def _status_text(row: dict[str, Any]) -> str:
    text = str(row["status"])
    if row["status"] in ("up", "degraded"):
        text += f" {row['healthy']}/{row['total']}"
    colour = {"up": "green", "degraded": "yellow", "gone": "red", "stopped": "yellow",
              "failed": "red"}.get(str(row["status"]), "")
    return f"[{colour}]{text}[/]" if colour else text


def shell(
    lab_id: LabArg,
    service: Annotated[str | None, typer.Argument(help="Service to enter; the lab's workspace if omitted.")] = None,
    env: EnvOpt = DEFAULT_ENV,
) -> None:
    """Open an interactive shell in the lab's workspace (or another service)."""
    import sys

    from labctl import runner
    from labctl.core.access import exec_command

    tty = sys.stdin.isatty() and sys.stdout.isatty()
    argv = exec_command(store(), load_env_lab(lab_id, env), env, service, ["bash"], tty=tty)
    raise typer.Exit(runner.run_interactive(argv))


def exec_(
    lab_id: LabArg,
    service: Annotated[str, typer.Argument(help="Service to run in.")],
    command: Annotated[list[str], typer.Argument(help="Command and arguments (after --).")],
    env: EnvOpt = DEFAULT_ENV,
) -> None:
    """Run a command in a service: labctl exec LAB SERVICE -- CMD..."""
    import sys

    from labctl import runner
    from labctl.core.access import exec_command

    if command and command[0] == "--":
        command = command[1:]
    tty = sys.stdin.isatty() and sys.stdout.isatty()
    argv = exec_command(store(), load_env_lab(lab_id, env), env, service, command, tty=tty)
    raise typer.Exit(runner.run_interactive(argv))


def logs(
    lab_id: LabArg,
    service: Annotated[str | None, typer.Argument(help="One service; all if omitted.")] = None,
    env: EnvOpt = DEFAULT_ENV,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep streaming.")] = False,
    tail: Annotated[int, typer.Option("--tail", min=0, help="Lines per service.")] = 100,
) -> None:
    """Show the logs of a lab's services."""
    from labctl import docker_engine, runner
    from labctl.core.access import logs_commands

    lab = load_env_lab(lab_id, env)
    commands = logs_commands(store(), lab, env, service, tail=tail, follow=follow)
    if not commands:
        from labctl.errors import UserInputError

        raise UserInputError(f"lab {lab.id} has no container logs to show (it uses "
                             f"{', '.join(lab.spec.environment.backends())}).")
    docker_engine.client()  # no engine: one clear message, not the compose CLI's traceback
    code = 0
    for argv in commands:
        code = runner.run_interactive(argv) or code
    raise typer.Exit(code)


def env_exports(
    lab_id: LabArg,
    env: EnvOpt = DEFAULT_ENV,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Print shell exports for this env (e.g. AWS_ENDPOINT_URL): eval "$(labctl env LAB)"."""
    import shlex

    from labctl.cli.output import print_json
    from labctl.core.access import env_vars

    lab = load_env_lab(lab_id, env)
    values = env_vars(store(), lab, env)
    if fmt is OutputFormat.json:
        print_json(values)
        return
    for key, value in values.items():
        typer.echo(f"export {key}={shlex.quote(value)}")


def task(
    lab_id: LabArg,
    task_id: Annotated[str, typer.Argument(help="Task id (see `labctl show LAB`).")],
    env: EnvOpt = DEFAULT_ENV,
) -> None:
    """Print a task's instructions, with this env's own parameters filled in."""
    from rich.markdown import Markdown

    from labctl.cli.output import console
    from labctl.core.access import task_instructions

    lab = load_env_lab(lab_id, env)
    console.print(Markdown(task_instructions(store(), lab, env, task_id)))
