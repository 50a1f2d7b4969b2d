"""`labctl roadmap ...`: learning roadmaps as data, the labs that teach each step, progress."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from labctl.cli.common import FormatOpt, OutputFormat, roadmap_search_path, search_path, store

app = typer.Typer(help="Learning roadmaps: their steps, the labs that teach them, your progress.",
                  no_args_is_help=True)

RoadmapArg = Annotated[str, typer.Argument(help="Roadmap id (see `labctl roadmap list`) or path to its file.")]
_COVERAGE = {"covered": "[green]covered[/]", "partial": "[yellow]partly[/]", "none": "[red]no lab yet[/]"}


def _find(roadmap_id: str) -> Any:
    from labctl.spec.roadmap import find_roadmap

    return find_roadmap(roadmap_id, roadmap_search_path())


@app.command("list")
def list_roadmaps(fmt: FormatOpt = OutputFormat.table) -> None:
    """List the roadmaps on the search path and how much of each the labs cover."""
    from rich.table import Table

    from labctl.cli.output import console, print_json
    from labctl.core.roadmaps import coverage
    from labctl.errors import SpecError
    from labctl.spec.roadmap import discover, load_roadmap

    rows: list[dict[str, Any]] = []
    for roadmap_id, path in discover(roadmap_search_path()).items():
        try:
            rf = load_roadmap(path)
        except SpecError as exc:
            rows.append({"id": roadmap_id, "title": f"INVALID: {exc.message}", "path": str(path),
                         "coverage": None})
            continue
        rows.append({"id": rf.id, "title": rf.roadmap.title, "path": str(path), "coverage": coverage(rf)})
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    table = Table("roadmap", "title", "steps", "covered", "partly", "no lab yet")
    for r in rows:
        c = r["coverage"] or {}
        table.add_row(r["id"], r["title"], *(str(c.get(k, "")) for k in ("steps", "covered", "partial", "none")))
    console.print(table)
    console.print("Show one with [bold]labctl roadmap show ID[/]; your progress with "
                  "[bold]labctl roadmap progress ID[/].")


@app.command("show")
def show(roadmap_id: RoadmapArg, fmt: FormatOpt = OutputFormat.table) -> None:
    """A roadmap's steps in order, the labs that teach each, and what no lab covers yet (and why)."""
    from rich.table import Table

    from labctl.cli.output import console, print_json
    from labctl.core.roadmaps import describe

    data = describe(_find(roadmap_id), search_path())
    if fmt is OutputFormat.json:
        print_json(data)
        return
    c = data["coverage"]
    console.print(f"[bold]{data['title']}[/]  (roadmap {data['id']}: {c['steps']} steps, {c['covered']} "
                  f"covered, {c['partial']} partly, {c['none']} with no lab yet)")
    if data["source"]:
        console.print(f"Follows: {data['source']}")
    table = Table("#", "step", "labs", "coverage", show_lines=True)
    for step in data["steps"]:
        labs = "\n".join(f"{r['ref']}" + (f": {r['title']}" if r["title"] else " (not found)")
                         for r in step["labs"])
        cover = _COVERAGE[step["coverage"]] + (f"\n{step['gap']}" if step["gap"] else "")
        table.add_row(str(step["n"]), step["title"], labs or "-", cover)
    console.print(table)


@app.command("progress")
def progress(
    roadmap_id: RoadmapArg,
    env: Annotated[str | None, typer.Option("--env", "-e", help="Count only this env's grades "
                                            "(default: every env of each lab).")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Your best score on each step of a roadmap, from your grading history."""
    from rich.table import Table

    from labctl.cli.output import console, print_json
    from labctl.core.roadmaps import progress as compute

    data = compute(store(), _find(roadmap_id), search_path(), env)
    if fmt is OutputFormat.json:
        print_json(data)
        return
    table = Table("#", "step", "labs", "best", "%", title=f"{data['title']}: your progress",
                  title_justify="left")
    for step in data["steps"]:
        if step["max_score"]:
            best, pct = f"{step['score']:g}/{step['max_score']:g}", f"{step['percent']:g}"
        else:
            best, pct = "-", "[dim]no lab yet[/]"
        table.add_row(str(step["n"]), step["title"], ", ".join(step["labs"]) or "-", best, pct)
    console.print(table)
    if data["max_score"]:
        console.print(f"Overall: {data['score']:g}/{data['max_score']:g} ({data['percent']:g}%) of the "
                      "points the roadmap's labs offer. Grade a lab with [bold]labctl grade LAB[/].")


@app.command("schema")
def schema(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to a file instead of stdout.")] = None,
) -> None:
    """Print the JSON schema of roadmap files (for editors and CI)."""
    import sys

    from labctl.spec.roadmap import roadmap_schema_text

    text = roadmap_schema_text()
    if out:
        out.write_text(text)
    else:
        sys.stdout.write(text)
