"""`labctl class ...`: classroom sessions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from labctl.cli.common import FormatOpt, OutputFormat, load_lab, search_path, store

if TYPE_CHECKING:
    from labctl.classroom.classes import Classroom
    from labctl.classroom.provision import ClassEvent, StudentOutcome

app = typer.Typer(help="Classroom sessions: one isolated env per student, gradebook, exports.",
                  no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="Class name (see `labctl class list`).")]
ParallelOpt = Annotated[int, typer.Option("--parallel", "-j", min=1, max=64,
                                          help="Students worked on at once.")]
StudentOpt = Annotated[list[str] | None, typer.Option("--student", "-s",
                                                       help="Only this student (repeatable).")]


class HandoutFormat(str, Enum):
    csv = "csv"
    md = "md"


class Engine(str, Enum):
    compose = "compose"
    swarm = "swarm"


class Publish(str, Enum):
    host = "host"
    mesh = "mesh"


class ReportFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    html = "html"
    gradescope = "gradescope"


@app.callback()
def _reap_first(ctx: typer.Context) -> None:
    """Every class command first removes the envs of classes past their TTL."""
    if ctx.invoked_subcommand in (None, "reap"):
        return
    from labctl.cli.output import err_console
    from labctl.errors import LabctlError

    try:
        _print_reaped(_reap(), lambda m: err_console.print(m, highlight=False, soft_wrap=True))
    except LabctlError as exc:
        err_console.print(f"[yellow]warning:[/] could not reap expired classes: {exc}", highlight=False, soft_wrap=True)


def _reap() -> list[object]:
    from labctl.classroom.reaper import reap

    return list(reap(store(), search_path=search_path()))


def _print_reaped(reaped: list[object], say: Callable[[str], None]) -> None:
    from labctl.classroom.reaper import Reaped

    for r in reaped:
        assert isinstance(r, Reaped)
        if r.error:
            say(f"[yellow]warning:[/] reaping class {r.class_name} failed: {r.error}")
        else:
            say(f"class {r.class_name}: its TTL has passed; removed {r.envs} env(s) "
                "(grades kept; `labctl class up` starts it again)")


def _open(name: str) -> Classroom:
    from labctl.classroom.classes import open_class

    return open_class(store(), name, search_path())


@contextmanager
def _progress(title: str, total: int) -> Iterator[Callable[[ClassEvent], None]]:
    """A progress bar on a terminal; one plain line per event otherwise (logs, CI, cron)."""
    import time

    from labctl.cli.output import err_console

    done = 0
    start = time.monotonic()
    if err_console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        from rich.table import Column

        step_column = TextColumn("{task.fields[step]}", table_column=Column(width=50, no_wrap=True))
        with Progress(TextColumn("{task.description}"), BarColumn(bar_width=30), MofNCompleteColumn(),
                      TimeElapsedColumn(), step_column, console=err_console, transient=False) as bar:
            task = bar.add_task(title, total=total, step="")

            def update(ev: ClassEvent) -> None:
                nonlocal done
                who = f"{ev.student}: " if ev.student else ""
                if ev.kind in ("done", "failed"):
                    done += 1
                    bar.update(task, completed=done)
                if ev.kind == "failed":
                    bar.console.print(f"[red]✗[/] {who}{ev.message}", highlight=False, markup=True)
                else:
                    bar.update(task, step=f"{who}{ev.message}"[:50])

            yield update
    else:

        def update(ev: ClassEvent) -> None:
            nonlocal done
            if ev.kind == "start":
                return
            if ev.kind in ("done", "failed"):
                done += 1
            who = f"{ev.student}: " if ev.student else ""
            count = f" ({done}/{total})" if ev.kind in ("done", "failed") else ""
            mark = {"failed": "FAILED ", "done": ""}.get(ev.kind, "")
            err_console.print(f"[{time.monotonic() - start:6.1f}s] {title}: {who}{mark}{ev.message}{count}",
                              markup=False, highlight=False, soft_wrap=True)

        yield update


def _raise_failures(outcomes: list[StudentOutcome], verb: str, name: str) -> None:
    from labctl.errors import LabctlError

    failed = [o for o in outcomes if o.result == "failed"]
    if failed:
        lines = "\n".join(f"{o.student}: {o.error}" for o in failed)
        raise LabctlError(
            f"{verb} failed for {len(failed)} of {len(outcomes)} student(s) of class {name}.",
            hint=f"Fix the cause and re-run `labctl class {verb} {name}`: only what is missing is redone.",
            details=lines,
        )


# -- commands ----------------------------------------------------------------------


@app.command("create")
def create(
    name: NameArg,
    lab_id: Annotated[str, typer.Option("--lab", "-l", help="Lab id (or folder) every student gets.")],
    roster: Annotated[Path, typer.Option("--roster", "-r", help="CSV with columns id,name,email "
                                         "(extra columns are kept).")],
    seed: Annotated[str | None, typer.Option("--seed", help="Class seed: per-student parameters derive "
                                             "from it and the student id (random if omitted).")] = None,
    ttl: Annotated[str | None, typer.Option("--ttl", help="Remove the envs this long after `class up` "
                                            "(e.g. 90m, 4h, 2d).")] = None,
    memory: Annotated[str | None, typer.Option("--memory", help="Memory per container (e.g. 256m), "
                                               "overriding the lab's.")] = None,
    cpus: Annotated[float | None, typer.Option("--cpus", help="CPUs per container, overriding the lab's.")] = None,
    pids: Annotated[int | None, typer.Option("--pids", help="Processes per container, overriding the "
                                             "lab's.")] = None,
    address: Annotated[str, typer.Option("--address", help="Address students' SSH ports listen on; "
                                         "other ports stay on 127.0.0.1.")] = "0.0.0.0",
    host: Annotated[str | None, typer.Option("--host", help="Host name or IP students connect to (for the "
                                             "handout; default: this machine's name).")] = None,
    subnet_pool: Annotated[str, typer.Option("--subnet-pool", help="Private range the students' networks "
                                             "are carved from.")] = "10.213.0.0/16",
    health_interval: Annotated[str, typer.Option("--health-interval", help="Once an env is ready, let Docker "
                                                 "re-run the lab's healthchecks this often (each probe is an "
                                                 "exec in the container; 'off' never).")] = "off",
    engine: Annotated[Engine, typer.Option("--engine", help="compose: every env on this machine's Docker "
                                           "engine; swarm: one stack per student on a Docker Swarm "
                                           "(see docs/classroom.md).")] = Engine.compose,
    registry: Annotated[str | None, typer.Option("--registry", help="swarm: HOST:PORT of a registry you run "
                                                 "(default: labctl's own, `labctl registry up`).")] = None,
    publish: Annotated[Publish, typer.Option("--publish", help="swarm: students' SSH ports listen on their "
                                             "node (host) or on every node (mesh: the routing mesh, needs "
                                             "IPVS).")] = Publish.host,
    reserve_memory: Annotated[str | None, typer.Option("--reserve-memory", help="swarm: memory each container "
                                                       "reserves on its node (default: its memory "
                                                       "limit).")] = None,
    reserve_cpus: Annotated[float, typer.Option("--reserve-cpus", min=0, help="swarm: CPUs each container "
                                                "reserves on its node.")] = 0.0,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Create a class from a roster (nothing runs until `labctl class up`)."""
    from labctl.classroom.classes import SwarmOptions, create_class, parse_duration
    from labctl.cli.output import console, err_console, print_json
    from labctl.errors import UserInputError
    from labctl.ports import check_address

    lab = load_lab(lab_id)
    swarm = None
    if engine is Engine.swarm:
        swarm = SwarmOptions(registry=registry, publish=publish.value, reserve_memory=reserve_memory,
                             reserve_cpus=reserve_cpus)
    elif registry or reserve_memory or reserve_cpus or publish is not Publish.host:
        raise UserInputError("--registry, --publish, --reserve-memory and --reserve-cpus are settings of "
                             "--engine swarm.")
    result = create_class(
        store(), name, lab, roster, seed=seed, ttl_seconds=parse_duration(ttl, "--ttl") if ttl else None,
        limits={"memory": memory, "cpus": cpus, "pids": pids}, address=check_address(address, "--address"),
        host=host, subnet_pool=subnet_pool, swarm=swarm,
        health_interval=0 if health_interval.strip().lower() in ("off", "0", "0s")
        else parse_duration(health_interval, "--health-interval"),
    )
    cls = result.classroom
    for warning in result.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    if fmt is OutputFormat.json:
        print_json({"class": cls.name, "lab": cls.lab.id, "seed": cls.record.seed,
                    "ttl_seconds": cls.record.ttl_seconds, "settings": cls.settings,
                    "students": [{"id": s.id, "name": s.name, "email": s.email, "env": s.env, "extra": s.extra}
                                 for s in cls.students],
                    "warnings": result.warnings})
        return
    console.print(f"Class [bold]{cls.name}[/]: lab {cls.lab.id}, {len(cls.students)} students, "
                  f"seed {cls.record.seed}" + (", on Docker Swarm." if cls.engine == "swarm" else "."))
    console.print(f"Next: labctl class up {cls.name}")


@app.command("up")
def up(
    name: NameArg,
    parallel: ParallelOpt = 6,
    student: StudentOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Provision one env per student (only what is missing or broken is made again)."""
    from labctl.classroom.provision import class_up
    from labctl.cli.output import console, print_json

    cls = _open(name)
    total = len(student) if student else len(cls.students)
    with _progress(f"up {cls.name}", total) as events:
        outcomes = class_up(store(), cls, parallel=parallel, events=events, students=student)
    if fmt is OutputFormat.json:
        print_json([o.__dict__ for o in outcomes])
    else:
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.result] = counts.get(o.result, 0) + 1
        summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
        console.print(f"class {cls.name}: {summary}.")
        console.print(f"Handout: labctl class access {cls.name} --format md")
    _raise_failures(outcomes, "up", cls.name)


@app.command("access")
def access(
    name: NameArg,
    fmt: Annotated[HandoutFormat, typer.Option("--format", "-f", help="csv (mail merge) or md "
                                               "(printable slips).")] = HandoutFormat.md,
    keys_dir: Annotated[Path | None, typer.Option("--keys-dir", help="Also write each student's private "
                                                  "key here (<env>.key, mode 0600).")] = None,
    web_url: Annotated[str | None, typer.Option("--web-url", help="Where students reach `labctl serve` "
                                                "(default: http://CLASS-HOST:8300).")] = None,
    rotate: Annotated[bool, typer.Option("--rotate", help="Make new browser links (the old ones stop "
                                         "working at once); with --student, only theirs.")] = False,
    student: StudentOpt = None,
    no_web: Annotated[bool, typer.Option("--no-web", help="SSH access only: make no browser links.")] = False,
) -> None:
    """Print the handout: each student's host, port, user, password and ssh command, and their
    personal browser link (made once: a link is shown when it is made, `--rotate` replaces it)."""
    import time

    from labctl.classroom.access import handout, handout_csv, handout_markdown

    cls = _open(name)
    links: dict[str, str] | None = None
    if not no_web:
        from labctl.classroom.tokens import student_links

        base = (web_url or f"http://{cls.settings.get('host') or 'localhost'}:8300").rstrip("/")
        links = {}
        for link in student_links(store(), cls, rotate=rotate, students=student):
            if link.token:
                links[link.student_id] = f"{base}/login?token={link.token}"
            else:
                when = time.strftime("%Y-%m-%d %H:%M", time.localtime(link.issued_at))
                links[link.student_id] = (f"(made {when}, shown once; a new one: labctl class access {cls.name} "
                                          f"--rotate -s {link.student_id})")
    elif rotate:
        from labctl.errors import UserInputError

        raise UserInputError("--rotate makes new browser links; it cannot go with --no-web.")
    rows = handout(store(), cls, keys_dir, links)
    if student:
        chosen = {cls.student(s).id for s in student}
        rows = [r for r in rows if r.student_id in chosen]
    text = handout_csv(rows) if fmt is HandoutFormat.csv else handout_markdown(cls, rows)
    typer.echo(text, nl=False)


@app.command("status")
def status(name: NameArg, fmt: FormatOpt = OutputFormat.table) -> None:
    """One row per student: env state, ports, last score and when it was graded."""
    from rich.table import Table

    from labctl.classroom.status import class_status, expiry_text
    from labctl.cli.output import console, print_json

    cls = _open(name)
    rows = class_status(store(), cls)
    if fmt is OutputFormat.json:
        print_json({"class": cls.name, "lab": cls.lab.id, "expires": expiry_text(cls.record),
                    "students": [r.__dict__ for r in rows]})
        return
    swarm = cls.engine == "swarm"
    table = Table("student", "name", "env", "state", *(["node"] if swarm else []), "ports", "containers",
                  "score", "last graded")
    for r in rows:
        colour = {"up": "green", "failed": "red", "gone": "red", "degraded": "yellow",
                  "stopped": "yellow", "node-down": "red"}.get(r.state, "")
        state = f"[{colour}]{r.state}[/]" if colour else r.state
        score = "-" if r.score is None else f"{r.score:g}/{r.max_score or 0:g}"
        table.add_row(r.student_id, r.name, r.env, state, *([r.node or "-"] if swarm else []),
                      ", ".join(f"{k}={v}" for k, v in r.ports.items()), r.containers, score,
                      r.last_graded or "never")
    console.print(table)
    console.print(f"class {cls.name}: lab {cls.lab.id}; envs expire: {expiry_text(cls.record)}")
    for r in rows:
        if r.error:
            console.print(f"[red]{r.student_id}[/]: {r.error}", highlight=False, soft_wrap=True)


@app.command("grade")
def grade(
    name: NameArg,
    parallel: ParallelOpt = 6,
    student: StudentOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Grade every student's env against their own parameters; results are stored."""
    from labctl.classroom.gradebook import grade_class
    from labctl.cli.output import console, print_json

    cls = _open(name)
    total = len(student) if student else len(cls.students)
    with _progress(f"grade {cls.name}", total) as events:
        outcomes = grade_class(store(), cls, parallel=parallel, events=events, students=student)
    if fmt is OutputFormat.json:
        print_json([o.__dict__ for o in outcomes])
    else:
        graded = [o for o in outcomes if o.result == "graded"]
        skipped = [o for o in outcomes if o.result == "skipped"]
        console.print(f"class {cls.name}: graded {len(graded)} of {len(outcomes)} student(s)"
                      + (f"; {len(skipped)} skipped (no env up)" if skipped else "") + ".")
        console.print(f"Gradebook: labctl class report {cls.name}")
    _raise_failures(outcomes, "grade", cls.name)


@app.command("report")
def report(
    name: NameArg,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="table, csv (LMS import), json, "
                                              "html (one page) or gradescope.")] = ReportFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of "
                                                "standard output.")] = None,
) -> None:
    """The gradebook: one row per student with per-task scores, total, percent, hints, last grade."""
    from labctl.classroom import gradebook as gb
    from labctl.cli.output import console

    cls = _open(name)
    book = gb.gradebook(store(), cls)
    if fmt is ReportFormat.table and output is None:
        from rich.table import Table

        table = Table("student", "name", *(t.id for t in book.tasks), "total", "%", "hints", "last graded")
        for r in book.rows:
            table.add_row(r.student_id, r.name, *(gb._num(r.scores.get(t.id)) or "-" for t in book.tasks),
                          gb._num(r.total) or "-", "-" if r.percent is None else f"{r.percent:g}",
                          str(r.hints_used), r.last_graded or "never")
        rates = [f"{t.id} {'-' if t.pass_rate is None else f'{100 * t.pass_rate:.0f}%'}" for t in book.tasks]
        console.print(table)
        console.print(f"pass rate per task: {', '.join(rates)}")
        return
    text = {
        ReportFormat.csv: lambda: gb.to_csv(book),
        ReportFormat.json: lambda: gb.to_json_text(gb.to_json(book)),
        ReportFormat.html: lambda: gb.to_html(book),
        ReportFormat.gradescope: lambda: gb.to_json_text(gb.to_gradescope(book)),
        ReportFormat.table: lambda: gb.to_csv(book),
    }[fmt]()
    if output is None:
        typer.echo(text, nl=False)
        return
    from labctl.grading.reports import write

    write(output, text, "--output")
    console.print(f"wrote {output}")


@app.command("reset")
def reset(
    name: NameArg,
    student_id: Annotated[str, typer.Argument(help="Student id (as in the roster).")],
) -> None:
    """Give one student a fresh env: same parameters, ports and password; their work is gone."""
    from labctl.classroom.provision import reset_student
    from labctl.cli.output import console

    cls = _open(name)
    with _progress(f"reset {cls.name}", 1) as events:
        outcome = reset_student(store(), cls, student_id, events)
    _raise_failures([outcome], "reset", cls.name)
    console.print(f"class {cls.name}: {outcome.student}'s env was reset and is up.")


@app.command("down")
def down(name: NameArg, parallel: ParallelOpt = 4) -> None:
    """Remove every student's env and the class itself (export the gradebook first)."""
    from labctl.classroom.provision import class_down, sweep_class
    from labctl.cli.output import console, err_console
    from labctl.errors import NotFoundError

    try:
        cls = _open(name)
    except NotFoundError as exc:
        if store().get_class(name) is None:
            raise
        # The class exists but its lab cannot be loaded any more: remove it by labels and state.
        err_console.print(f"[yellow]warning:[/] {exc.message} Removing class {name} by its labels.",
                          highlight=False, soft_wrap=True)
        count = sweep_class(store(), name)
    else:
        with _progress(f"down {cls.name}", len(cls.students)) as events:
            count = class_down(store(), cls, parallel=parallel, events=events)
    console.print(f"class {name} is gone: {count} env(s) removed, nothing of it is left.")


@app.command("list")
def list_classes(fmt: FormatOpt = OutputFormat.table) -> None:
    """List the classes: lab, students, envs up, TTL."""
    from rich.table import Table

    from labctl.classroom.status import list_classes as summaries
    from labctl.cli.output import console, print_json

    rows = summaries(store())
    if fmt is OutputFormat.json:
        print_json([r.__dict__ for r in rows])
        return
    if not rows:
        console.print("No classes. Make one with `labctl class create NAME --lab LAB --roster FILE`.")
        return
    table = Table("class", "lab", "students", "envs up", "created", "ttl", "expires")
    for r in rows:
        table.add_row(r.name, r.lab, str(r.students), str(r.envs_up), r.created_at, r.ttl, r.expires)
    console.print(table)


@app.command("reap")
def reap(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing unless something was "
                                        "removed (for cron).")] = False,
) -> None:
    """Remove the envs of classes past their TTL (cron-friendly; other class commands run it too)."""
    from labctl.classroom.reaper import Reaped
    from labctl.cli.output import console
    from labctl.errors import LabctlError

    reaped = _reap()
    _print_reaped(reaped, lambda m: console.print(m, highlight=False, soft_wrap=True))
    if not reaped and not quiet:
        console.print("No class has passed its TTL.")
    failed = [r for r in reaped if isinstance(r, Reaped) and r.error]
    if failed:
        raise LabctlError(f"reaping {len(failed)} class(es) failed: "
                          + "; ".join(f"{r.class_name}: {r.error}" for r in failed))
