"""The `labctl` command: global options and the command groups.

Heavy modules (docker, kubernetes, boto3, pydantic models) are imported
inside the commands, so `labctl --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

try:  # typer >= 0.20 vendors its own click
    from typer._click import exceptions as click_exc
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as click_exc  # type: ignore[no-redef]

from labctl import __version__
from labctl.cli import class_cmds, env_cmds, grade_cmds, images_cmds, labs_cmds, roadmap_cmds, swarm_cmds, web_cmds
from labctl.cli.common import Settings

app = typer.Typer(
    name="labctl",
    help="Hands-on DevOps and SRE labs: provision, grade, tear down. Start with `labctl list`.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"labctl {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    labs_path: Annotated[
        list[Path] | None,
        typer.Option("--labs-path", help="Extra lab folder(s), searched before the built-in labs "
                     "(also LABCTL_LABS_PATH)."),
    ] = None,
    roadmaps_path: Annotated[
        list[Path] | None,
        typer.Option("--roadmaps-path", help="Extra roadmap folder(s) or files, searched before the "
                     "built-in roadmaps (also LABCTL_ROADMAPS_PATH)."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    Settings.debug = debug
    Settings.labs_path = list(labs_path or [])
    Settings.roadmaps_path = list(roadmaps_path or [])


labs_cmds.register(app)
env_cmds.register(app)
grade_cmds.register(app)
web_cmds.register(app)
app.add_typer(images_cmds.app, name="images")
app.add_typer(class_cmds.app, name="class")
app.add_typer(roadmap_cmds.app, name="roadmap")
app.add_typer(swarm_cmds.registry_app, name="registry")
app.add_typer(swarm_cmds.swarm_app, name="swarm")



def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; every error is printed here, once."""
    from labctl.cli import output
    from labctl.errors import LabctlError

    try:
        result = typer.main.get_command(app).main(
            args=argv, prog_name="labctl", standalone_mode=False
        )
        return result if isinstance(result, int) else 0
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        output.err_console.print("aborted")
        return 130
    except click_exc.ClickException as exc:
        exc.show()
        return 2 if isinstance(exc, click_exc.UsageError) else exc.exit_code
    except LabctlError as exc:
        if Settings.debug:
            output.err_console.print_exception()
        output.print_error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        output.err_console.print("interrupted: re-run the same command to finish, or "
                                 "`labctl down LAB` to remove what was made")
        return 130
    except Exception as exc:
        output.print_internal_error(exc)
        return 1


def main() -> None:
    sys.exit(run())
