"""`labctl class ...`: classroom sessions."""

from __future__ import annotations

import typer

app = typer.Typer(help="Classroom sessions: one isolated env per student, gradebook, exports.",
                  no_args_is_help=True)
