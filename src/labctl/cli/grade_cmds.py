"""Grading commands: grade, hint, solve, progress, test."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from labctl.cli.common import EnvOpt, FormatOpt, LabArg, OutputFormat, load_env_lab, load_lab, search_path, store
from labctl.spec.names import DEFAULT_ENV, env_flag

if TYPE_CHECKING:
    from labctl.grading.scoring import GradeReport


def register(app: typer.Typer) -> None:
    app.command("grade")(grade)
    app.command("hint")(hint)
    app.command("solve")(solve)
    app.command("progress")(progress_cmd)
    app.command("test")(test)


def _num(value: float) -> str:
    return f"{value:g}"


def print_report(report: GradeReport, *, verbose: bool = False) -> None:
    """The learner's view: one row per task with its feedback."""
    from rich.markup import escape
    from rich.table import Table

    from labctl.cli.output import console

    table = Table(title=f"{report.lab} (env {report.env})", title_justify="left", show_lines=True)
    table.add_column("task")
    table.add_column("score", justify="right")
    table.add_column("feedback", ratio=1)
    for t in report.tasks:
        mark = "[green]✔[/]" if t.passed else "[red]✘[/]"
        lines: list[str] = []
        for c in t.checks:
            if not c.passed:
                line = f"[red]•[/] {escape(c.message or c.name + ' failed')}"
            elif verbose:
                line = f"[green]•[/] {escape(c.name)}"
            else:
                continue
            if line not in lines:  # several checks often fail for one reason: say it once
                lines.append(line)
        if t.hints_used:
            lines.append(f"[yellow]{t.hints_used} hint(s) used: -{_num(t.hint_penalty)}[/]")
        if t.solved_by_solution:
            lines.append("[cyan]solved by the reference solution[/]")
        table.add_row(f"{mark} {escape(t.id)}\n[dim]{escape(t.title)}[/]",
                      f"{_num(t.score)}/{_num(t.max_score)}", "\n".join(lines) or "[green]all checks pass[/]")
    console.print(table)
    style = "green" if report.percent >= 100 else ("yellow" if report.score > 0 else "red")
    console.print(f"[bold {style}]score {_num(report.score)}/{_num(report.max_score)} "
                  f"({report.percent:g}%)[/]")


def grade(
    lab_id: LabArg,
    env: EnvOpt = DEFAULT_ENV,
    fmt: FormatOpt = OutputFormat.table,
    task: Annotated[
        list[str] | None, typer.Option("--task", "-t", help="Grade only this task (repeat for several).")
    ] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Also write JUnit XML to this file.")] = None,
    gradescope: Annotated[
        Path | None, typer.Option("--gradescope", help="Also write Gradescope's results.json to this file.")
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", min=0, max=100, help="Exit 1 when the percentage is below this."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List passing checks too.")] = False,
    connection: Annotated[
        str, typer.Option("--connection", help="testinfra connection behind host(): labctl-docker (an exec "
                          "session per container), labctl-docker-exec or docker (stock testinfra).")
    ] = "labctl-docker",
) -> None:
    """Grade your work: run the lab's checks and show the score and feedback per task."""
    from labctl.cli.output import err_console, print_json
    from labctl.core.grade import grade as run_grade
    from labctl.grading import reports

    lab = load_env_lab(lab_id, env)
    report = run_grade(store(), lab, env, task=task, connection=connection)
    if junit:
        reports.write_junit(report, junit)
    if gradescope:
        reports.write_gradescope(report, gradescope)
    if fmt is OutputFormat.json:
        print_json(reports.to_json(report))
    else:
        print_report(report, verbose=verbose)
    if fail_under is not None and report.percent < fail_under:
        err_console.print(f"score {report.percent:g}% is below --fail-under {fail_under:g}%")
        raise typer.Exit(1)


def hint(
    lab_id: LabArg,
    task: Annotated[str, typer.Argument(help="Task id (see `labctl show LAB`).")],
    env: EnvOpt = DEFAULT_ENV,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Reveal the next hint for a task (hints may cost points: see the lab's hint penalty)."""
    from dataclasses import asdict

    from rich.markup import escape

    from labctl.cli.output import console, print_json
    from labctl.core.grade import reveal_hint

    lab = load_env_lab(lab_id, env)
    result = reveal_hint(store(), lab, env, task)
    if fmt is OutputFormat.json:
        print_json(asdict(result))
        return
    if result.total == 0:
        console.print(f"Task {task} has no hints.")
        return
    head = f"Hint {result.level}/{result.total} for task {task}"
    if result.exhausted:
        head += " (you have seen every hint; here is the last one again)"
    console.print(f"[bold]{escape(head)}:[/] {escape(result.text)}")
    more = (f"{result.remaining} more hint{'s' if result.remaining != 1 else ''} left."
            if result.remaining else "No more hints for this task.")
    if result.penalty_per_hint:
        more += (f" Each hint costs {_num(result.penalty_per_hint)} point(s) of this task; "
                 f"your hints cost {_num(result.penalty)} so far.")
    console.print(more)


def solve(
    lab_id: LabArg,
    task: Annotated[str | None, typer.Argument(help="Only this task; every task if omitted.")] = None,
    env: EnvOpt = DEFAULT_ENV,
    timeout: Annotated[float, typer.Option("--timeout", min=1, max=86400,
                                           help="Seconds per solution script (1-86400).")] = 600,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Run the reference solution(s) in the env; reports then mark those tasks as solved."""
    from dataclasses import asdict

    from labctl.cli.output import console, print_json, progress
    from labctl.core.solve import solve as run_solve

    lab = load_env_lab(lab_id, env)
    with progress(f"solve {lab.id}") as step:
        results = run_solve(store(), lab, env, task, progress=step, timeout=timeout)
    if fmt is OutputFormat.json:
        print_json([asdict(r) for r in results])
        return
    for r in results:
        if r.ran:
            console.print(f"[green]✔[/] {r.task}: solution ran in {r.run_in} ({r.duration:.1f}s)")
        else:
            console.print(f"[yellow]-[/] {r.task}: {r.note}")
    console.print(f"Check it with `labctl grade {lab.id}{env_flag(env)}`.")


def progress_cmd(
    lab_id: LabArg,
    env: EnvOpt = DEFAULT_ENV,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many runs.")] = 20,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show the grading history of an env: every run's score, per task, newest first."""
    from datetime import datetime

    from rich.table import Table

    from labctl.cli.output import console, print_json

    lab = load_env_lab(lab_id, env)
    st = store()
    runs = st.grades(lab.id, env, limit=limit)
    hints = st.hints_used(lab.id, env)
    solved = sorted(st.solved_tasks(lab.id, env))
    rows: list[dict[str, Any]] = []
    for g in runs:
        tasks = {t["id"]: t for t in g.report.get("tasks", [])}
        rows.append({
            "id": g.id, "graded_at": datetime.fromtimestamp(g.graded_at).astimezone().isoformat(timespec="seconds"),
            "score": g.score, "max_score": g.max_score,
            "percent": round(100 * g.score / g.max_score, 1) if g.max_score else 0.0,
            "tasks": {k: {"score": v["score"], "max_score": v["max_score"], "passed": v["passed"]}
                      for k, v in tasks.items()},
        })
    if fmt is OutputFormat.json:
        print_json({"lab": lab.id, "env": env, "hints_used": hints, "solved_by_solution": solved,
                    "runs": rows})
        return
    if not rows:
        console.print(f"No grading runs yet for {lab.id} env '{env}'. "
                      f"Run `labctl grade {lab.id}{env_flag(env)}`.")
        return
    table = Table("when", "score", "%", *[t.id for t in lab.spec.tasks],
                  title=f"{lab.id} (env {env}): grading history, newest first", title_justify="left")
    for row in rows:
        cells = []
        for t in lab.spec.tasks:
            got = row["tasks"].get(t.id)
            if got is None:
                cells.append("[dim]-[/]")
            else:
                colour = "green" if got["passed"] else ("yellow" if got["score"] else "red")
                cells.append(f"[{colour}]{_num(got['score'])}/{_num(got['max_score'])}[/]")
        table.add_row(row["graded_at"].replace("T", " ")[:19],
                      f"{_num(row['score'])}/{_num(row['max_score'])}", f"{row['percent']:g}", *cells)
    console.print(table)
    if hints:
        console.print("hints used: " + ", ".join(f"{k} {v}" for k, v in sorted(hints.items())))
    if solved:
        console.print("solved by the reference solution: " + ", ".join(solved))


def test(
    labs: Annotated[list[str] | None, typer.Argument(help="Lab ids or folders to prove.")] = None,
    all_labs: Annotated[bool, typer.Option("--all", help="Every lab on the search path.")] = False,
    keep: Annotated[bool, typer.Option("--keep", help="Leave the test envs up for inspection.")] = False,
    variants: Annotated[bool, typer.Option(
        "--variants", help="Also run the lab's solution variants (labs/<id>/variants/): every correct one "
        "must get full points for its task, every wrong one lose points in its own task.")] = False,
    task: Annotated[str | None, typer.Option(
        "--task", "-t", help="With --variants: only this task's variants (round 0 grades only this task).")] = None,
    repeat: Annotated[int, typer.Option(
        "--repeat", min=1, max=100, help="With --variants: grade every env this many times; a check whose "
        "verdict changes fails the run.")] = 1,
    parallel: Annotated[int, typer.Option(
        "--parallel", "-j", min=1, max=32, help="With --variants: envs running at once.")] = 3,
    seed: Annotated[str | None, typer.Option(
        "--seed", help="With --variants: the parameters' seed for every env (default: a random one each).")] = None,
    sample: Annotated[int, typer.Option(
        "--sample", min=0, max=1000, help="With --variants: at most this many variants per task, correct and "
        "wrong in turn, picked by a hash of --sample-key (0: all). For CI runs with a time budget.")] = 0,
    max_rounds: Annotated[int, typer.Option(
        "--max-rounds", min=0, max=1000, help="With --variants: only as many variants as fit in this many "
        "rounds (envs) besides round 0, tasks taking turns (0: no limit). For CI runs with a time budget.")] = 0,
    sample_key: Annotated[str, typer.Option(
        "--sample-key", help="With --sample or --max-rounds: the same key picks the same variants.")] = "",
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Prove labs: a fresh env must fail every task and the reference solution must score full marks;
    with --variants, also every solution variant (see docs/lab-authoring.md)."""
    from labctl.cli.output import progress
    from labctl.errors import UserInputError
    from labctl.spec.loader import discover

    if all_labs and labs:
        raise UserInputError("give lab ids or --all, not both.")
    ids = list(discover(search_path())) if all_labs else list(labs or [])
    if not ids:
        raise UserInputError("name the labs to test, or pass --all.")
    if not variants and (task or repeat != 1 or seed or sample or max_rounds or sample_key):
        raise UserInputError("--task, --repeat, --seed, --sample, --max-rounds and --sample-key go with --variants.")
    if task and len(ids) > 1:
        raise UserInputError("--task names a task of one lab: test one lab at a time with it.")
    loaded = [load_lab(i) for i in ids]
    if variants:
        from labctl.core.variants import run_variants
        from labctl.spec.variants import load_variants

        for lab in loaded:  # bad variant headers are bad input: say so before anything starts
            load_variants(lab.path, lab.spec)
        outcomes = []
        for lab in loaded:
            with progress(f"test {lab.id} --variants") as step:
                outcomes.append(run_variants(store(), lab, task=task, repeat=repeat, parallel=parallel,
                                             keep=keep, seed=seed, progress=step, per_task=sample,
                                             max_rounds=max_rounds, sample_key=sample_key))
        _print_variants(outcomes, fmt)
        if not all(r.ok for r in outcomes):
            raise typer.Exit(1)
        return
    _plain_test(loaded, keep, fmt, progress)


def _plain_test(loaded: list[Any], keep: bool, fmt: OutputFormat, progress: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    from labctl.cli.output import console, print_json
    from labctl.core.selftest import PASSED, UNAVAILABLE, self_test

    results = []
    for lab in loaded:
        with progress(f"test {lab.id}") as step:
            results.append(self_test(store(), lab, keep=keep, progress=step))
    failed = [r for r in results if not r.ok]
    if fmt is OutputFormat.json:
        print_json({"ok": not failed, "labs": [r.to_dict() for r in results]})
    else:
        table = Table("lab", "result", "fresh", "solved", "time", "problems", show_lines=True)
        for r in results:
            colour = {PASSED: "green", UNAVAILABLE: "yellow"}.get(r.status, "red")
            mx = _num(r.max_score)
            table.add_row(
                r.lab, f"[{colour}]{r.status}[/]",
                "-" if r.fresh_score is None else f"{_num(r.fresh_score)}/{mx}",
                "-" if r.solved_score is None else f"{_num(r.solved_score)}/{mx}",
                f"{r.duration:.1f}s", "\n".join(escape(p) for p in r.problems),
            )
        console.print(table)
        kept = [r for r in results if r.kept and r.env]
        for r in kept:
            console.print(f"kept: {r.lab} env {r.env} (remove it with `labctl down {r.lab} --env {r.env}`)")
        console.print(f"{len(results) - len(failed)}/{len(results)} labs ok")
    if failed:
        raise typer.Exit(1)


def _print_variants(results: list[Any], fmt: OutputFormat) -> None:
    """One table per lab: task, correct accepted n/m, wrong rejected n/m; then every surprise."""
    from rich.markup import escape
    from rich.table import Table

    from labctl.cli.output import console, print_json

    if fmt is OutputFormat.json:
        print_json({"ok": all(r.ok for r in results), "labs": [r.to_dict() for r in results]})
        return
    for r in results:
        if r.status == "unavailable":
            console.print(f"{r.lab}: [yellow]unavailable[/]: {escape('; '.join(r.notes))}")
            continue
        title = (f"{r.lab}: {len(r.outcomes)} variant(s) in {len(r.rounds)} env(s), {r.duration:.0f}s"
                 + (f", every env graded {r.repeat} times" if r.repeat > 1 else ""))
        table = Table("task", "correct accepted", "wrong rejected", title=title, title_justify="left")
        for task, row in r.counts().items():
            def cell(ok: int, total: int) -> str:
                colour = "green" if ok == total else "red"
                return f"[{colour}]{ok}/{total}[/]"
            table.add_row(task, cell(row["correct_ok"], row["correct"]), cell(row["wrong_ok"], row["wrong"]))
        console.print(table)
        if r.selftest:
            console.print("[red]round 0 (fresh env, reference solutions):[/]")
            for p in r.selftest:
                console.print(f"  [red]•[/] {escape(p)}")
        elif r.status != "unavailable":
            console.print("[green]round 0: a fresh env fails every task; the reference solutions score full[/]")
        for o in r.surprises:
            console.print(f"[red]✘ {escape(o.task)}/{escape(o.name)}[/] (expect {o.expect}, round {o.round}): "
                          f"{escape(o.problem)}\n  [dim]why: {escape(o.why)}[/]")
            for message in o.feedback:
                console.print(f"  [dim]feedback:[/] {escape(message)}")
        for f in r.flaky:
            marks = "".join("✔" if v else "✘" for v in f.verdicts)
            console.print(f"[red]flaky[/] {escape(f.task)}::{escape(f.check)} in round {f.round}: {marks}"
                          + (f" ({escape(f.messages[0])})" if f.messages else ""))
        for note in r.notes:
            console.print(f"[yellow]![/] {escape(note)}")
        for rr in r.rounds:
            if rr.kept:
                console.print(f"kept: env {rr.env} (remove it with `labctl down {r.lab} --env {rr.env}`)")
            for p in rr.problems:
                if rr.index:
                    console.print(f"[red]round {rr.index}[/] ({', '.join(rr.variants)}): {escape(p)}")
        console.print(f"{r.lab}: " + ("[green]ok[/]" if r.ok else "[red]FAILED[/]"))
