"""`labctl images ...`: build, list, bundle and prune lab images (offline-first)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labctl.cli.common import FormatOpt, OutputFormat, load_lab, search_path

app = typer.Typer(help="Lab images: build offline, list, save/load bundles, prune.",
                  no_args_is_help=True)


@app.command("bootstrap")
def bootstrap(
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if present.")] = False,
) -> None:
    """Make the debian:bookworm-slim base offline (debootstrap + docker import) if it cannot be pulled."""
    from labctl import images
    from labctl.cli.output import console, progress

    with progress("bootstrap") as step:
        if force:
            images.bootstrap_base(step, force=True)
        else:
            images.ensure_base(step)
    console.print(f"{images.BASE_IMAGE} is ready.")


@app.command("build")
def build(
    labs: Annotated[list[str], typer.Argument(help="Lab ids.")],
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if up to date.")] = False,
) -> None:
    """Build a lab's images (skipped when their inputs are unchanged)."""
    from labctl import images
    from labctl.cli.output import console, progress

    for lab_id in labs:
        lab = load_lab(lab_id)
        with progress(f"build {lab.id}") as step:
            tags = images.build_lab(lab, step, force=force)
        for name, tag in tags.items():
            console.print(f"{lab.id}/{name}: {tag}")


@app.command("list")
def list_images(fmt: FormatOpt = OutputFormat.table) -> None:
    """List labctl-built images."""
    from rich.table import Table

    from labctl import images
    from labctl.cli.output import console, print_json

    rows = images.list_images()
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    table = Table("image", "lab", "id", "size (MB)")
    for r in rows:
        table.add_row(r["tag"], r["lab"], r["id"], r["size_mb"])
    console.print(table)


@app.command("save")
def save(
    bundle: Annotated[Path, typer.Argument(help="Tar file to write.")],
    labs: Annotated[list[str], typer.Argument(help="Labs whose images go in the bundle.")],
) -> None:
    """Bundle the base image and the labs' images into one tar, for classrooms without internet."""
    from labctl import images
    from labctl.cli.output import console, progress

    with progress("save") as step:
        tags = images.save(bundle, [load_lab(lab_id) for lab_id in labs], step)
    console.print(f"saved {len(tags)} images to {bundle}")


@app.command("load")
def load(bundle: Annotated[Path, typer.Argument(help="Tar file written by `labctl images save`.")]) -> None:
    """Load an image bundle."""
    from labctl import images
    from labctl.cli.output import console, progress

    with progress("load") as step:
        console.print(images.load(bundle, step))


@app.command("prune")
def prune() -> None:
    """Remove labctl images that no lab's current inputs produce."""
    from labctl import images
    from labctl.cli.output import console
    from labctl.spec.loader import discover, load_lab_dir

    labs = [load_lab_dir(p, check_files=False) for p in discover(search_path()).values()]
    removed = images.prune(labs)
    console.print(f"removed {len(removed)} image tag(s)" + (": " + ", ".join(removed) if removed else ""))
