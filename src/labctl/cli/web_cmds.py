"""`labctl serve`: the learner's page and the instructor's class view in a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (default: this machine only; "
                                      "0.0.0.0 for students on the network, with TLS).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port to listen on.")] = 8300,
    class_name: Annotated[list[str] | None, typer.Option(
        "--class", "-c", help="Serve only this class (repeatable; default: every class of this labctl home).")] = None,
    tls_cert: Annotated[Path | None, typer.Option("--tls-cert", help="PEM certificate for HTTPS.")] = None,
    tls_key: Annotated[Path | None, typer.Option("--tls-key", help="The certificate's PEM private key.")] = None,
    stuck_minutes: Annotated[float, typer.Option(
        "--stuck-minutes", min=1, help="Class view: a working student whose score has not grown for this long "
        "is shown as stuck.")] = 10,
) -> None:
    """Serve the labs in a browser: tasks, a terminal and Check buttons for learners, a live class view
    for instructors. Prints your private link; students' links come from `labctl class access`."""
    from labctl.cli.common import search_path, store
    from labctl.cli.output import console, err_console

    try:
        from labctl.web.app import WebSettings
        from labctl.web.server import ServeOptions, check_options
        from labctl.web.server import serve as run
    except ImportError as exc:  # pragma: no cover - a broken install
        from labctl.errors import PrerequisiteError

        raise PrerequisiteError(f"the web front end cannot load ({exc}).",
                                hint="Reinstall labctl-orchestrator: it depends on fastapi and uvicorn.") from None
    settings = WebSettings(host=host, port=port, classes=list(class_name or []), labs_path=search_path(),
                           stuck_after=stuck_minutes * 60)
    opts = ServeOptions(settings, tls_cert=tls_cert, tls_key=tls_key)
    for warning in check_options(opts):
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    run(store(), opts, lambda text: console.print(text, highlight=False, soft_wrap=True, markup=False))
