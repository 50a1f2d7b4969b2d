"""Commands about labs themselves: list, show, validate, render, schema, doctor."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from labctl.cli.common import FormatOpt, LabArg, OutputFormat, load_lab, search_path


def register(app: typer.Typer) -> None:
    app.command("list")(list_labs)
    app.command("show")(show)
    app.command("validate")(validate)
    app.command("render")(render)
    app.command("schema")(schema)
    app.command("doctor")(doctor)


def list_labs(fmt: FormatOpt = OutputFormat.table) -> None:
    """List the labs on the search path, and whether this machine can run them."""
    from rich.table import Table

    from labctl.cli.output import console, print_json
    from labctl.core.tools import missing_tools
    from labctl.errors import SpecError
    from labctl.spec.loader import discover, load_lab_dir

    rows: list[dict[str, Any]] = []
    for lab_id, path in discover(search_path()).items():
        try:
            spec = load_lab_dir(path, check_files=False).spec
        except SpecError as exc:
            rows.append({"id": lab_id, "phase": "", "title": f"INVALID: {exc.message}",
                         "backends": [], "available": False, "missing": [], "path": str(path)})
            continue
        missing = missing_tools(spec)
        rows.append({"id": lab_id, "phase": spec.phase, "title": spec.title,
                     "backends": spec.environment.backends(), "available": not missing,
                     "missing": missing, "path": str(path)})
    rows.sort(key=lambda r: (str(r["phase"]), str(r["id"])))
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    table = Table("lab", "phase", "title", "backends", "here")
    for r in rows:
        here = "[green]ready[/]" if r["available"] else "[yellow]unavailable: needs " + \
            ", ".join(r["missing"]) + "[/]" if r["missing"] else "[red]invalid[/]"
        table.add_row(str(r["id"]), str(r["phase"]), str(r["title"]), ", ".join(r["backends"]), here)
    console.print(table)


def show(lab_id: LabArg, fmt: FormatOpt = OutputFormat.table) -> None:
    """Show a lab: its introduction, tasks and points."""
    from rich.markdown import Markdown
    from rich.table import Table

    from labctl.cli.output import console, print_json

    lab = load_lab(lab_id)
    spec = lab.spec
    if fmt is OutputFormat.json:
        print_json(spec.model_dump(mode="json") | {"path": str(lab.path), "max_score": spec.max_score})
        return
    console.print(f"[bold]{spec.title}[/]  (lab {spec.id}, phase {spec.phase}, "
                  f"about {spec.estimated_minutes} min)")
    if spec.summary:
        console.print(Markdown(spec.summary))
    table = Table("#", "task", "title", "points", "hints")
    for i, task in enumerate(spec.tasks, 1):
        table.add_row(str(i), task.id, task.title, str(task.points), str(len(task.hints)))
    table.add_row("", "", "[bold]total[/]", f"[bold]{spec.max_score}[/]", "")
    console.print(table)
    console.print(f"Start it with [bold]labctl up {spec.id}[/]; read a task with "
                  f"[bold]labctl task {spec.id} TASK[/].")


def validate(
    labs: Annotated[list[str] | None, typer.Argument(help="Lab ids or folders; all labs if omitted.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Validate lab specs: fields, referenced files, and every template rendered with defaults."""
    from labctl.cli.output import console, err_console, print_json
    from labctl.core.validate import validate_lab
    from labctl.errors import LabctlError
    from labctl.spec.loader import discover, find_lab

    targets = labs or list(discover(search_path()))
    results = []
    for target in targets:
        try:
            validate_lab(find_lab(target, search_path()))
            results.append({"lab": target, "valid": True, "error": None})
        except LabctlError as exc:
            results.append({"lab": target, "valid": False, "error": str(exc)})
    if fmt is OutputFormat.json:
        print_json(results)
    else:
        for r in results:
            if r["valid"]:
                console.print(f"[green]ok[/]      {r['lab']}")
            else:
                from rich.markup import escape

                err_console.print(f"[red]invalid[/] {escape(str(r['lab']))}: {escape(str(r['error']))}", soft_wrap=True,
                                  highlight=False)
    if not all(r["valid"] for r in results):
        raise typer.Exit(2)


def render(
    lab_id: LabArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the rendered files to.")],
) -> None:
    """Render a lab's templates with default parameters into a folder (for review or CI)."""
    from labctl.cli.output import console
    from labctl.core.validate import render_lab

    lab = load_lab(lab_id)
    for path in render_lab(lab, out):
        console.print(str(path))


def schema(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to a file instead of stdout.")] = None,
) -> None:
    """Print the JSON schema of lab.yaml (for editors and CI)."""
    import sys

    from labctl.spec.schema import lab_schema_text

    text = lab_schema_text()
    if out:
        from labctl.grading.reports import write

        write(out, text, "--out")
    else:
        sys.stdout.write(text)


def doctor(
    fmt: FormatOpt = OutputFormat.table,
    repair_state: Annotated[bool, typer.Option(
        "--repair-state", help="Move a damaged state store aside (it is kept, never deleted) and start a new "
        "one with the same store id, so the envs it made are still found.")] = False,
) -> None:
    """Check the engines and tools on this machine, and which labs they enable."""
    from rich.table import Table

    from labctl.cli.output import console, print_json
    from labctl.core.doctor import run_doctor

    if repair_state:
        from labctl.state_repair import repair

        result = repair()
        if fmt is OutputFormat.json:
            print_json({"moved_to": str(result.moved_to) if result.moved_to else None,
                        "store": result.store_id, "kept_id": result.kept_id, "id_from": result.source})
            return
        if result.moved_to:
            console.print(f"Moved the old state store to {result.moved_to} (kept: nothing was deleted).",
                          soft_wrap=True)
        console.print(f"A new state store is ready with store id {result.store_id} "
                      f"({'kept, read from ' + result.source if result.kept_id else 'new'}).", soft_wrap=True)
        console.print("Envs the old store made show as untracked in `labctl status`; `labctl down LAB --env E` "
                      "removes them, `labctl up LAB --env E` makes a fresh one.", soft_wrap=True)
        return

    report = run_doctor(search_path())
    if fmt is OutputFormat.json:
        print_json(report)
        return
    table = Table("tool", "status", "version", "note")
    for t in report["tools"]:
        table.add_row(t["name"], "[green]ok[/]" if t["present"] else "[yellow]missing[/]",
                      t["version"], t["note"])
    console.print(table)
    labs = Table("lab", "here")
    for lab in report["labs"]:
        labs.add_row(lab["id"], "[green]ready[/]" if lab["available"]
                     else "[yellow]unavailable: needs " + ", ".join(lab["missing"]) + "[/]")
    console.print(labs)
    for finding in report["findings"]:
        console.print(f"[yellow]![/] {finding}")
