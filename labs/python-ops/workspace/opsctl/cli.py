"""The command line of opsctl (Typer). Add your commands here, or in modules of their own."""

import typer

from opsctl import __version__

app = typer.Typer(help="The team's operations toolbox.", no_args_is_help=True)


@app.command()
def version() -> None:
    """Print opsctl's version."""
    typer.echo(__version__)


@app.callback()
def main() -> None:
    """The team's operations toolbox."""
