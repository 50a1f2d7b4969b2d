"""The one place that prints errors and maps them to exit codes; progress; JSON.

Colours are rich's default: on for a terminal, off when piped or NO_COLOR is set.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console

from labctl.errors import EXIT_FAILURE, LabctlError

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    # Plain print, not rich: scripts parse this, so no wrapping or markup.
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def print_error(exc: LabctlError) -> None:
    from rich.markup import escape

    # escape: a message quoting a pattern like ^[a-z]+$ must not lose its brackets to markup
    err_console.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True, markup=True, highlight=False)
    if exc.details:
        err_console.print(exc.details, style="dim", markup=False, highlight=False)


def print_internal_error(exc: BaseException) -> None:
    from labctl.cli.common import Settings

    if Settings.debug:
        err_console.print_exception(show_locals=False)
    else:
        from rich.markup import escape

        err_console.print(
            f"[bold red]error:[/] internal error: {type(exc).__name__}: {escape(str(exc))}. "
            "Re-run with --debug for the traceback, and please report it.",
            soft_wrap=True, highlight=False,
        )


def exit_code_for(exc: BaseException) -> int:
    return exc.exit_code if isinstance(exc, LabctlError) else EXIT_FAILURE


@contextmanager
def progress(title: str) -> Iterator[Callable[[str], None]]:
    """A spinner with the current step on a terminal; timestamped lines otherwise."""
    start = time.monotonic()
    if err_console.is_terminal:
        with err_console.status(title) as status:

            def update(msg: str) -> None:
                status.update(f"{title}: {msg}")
                err_console.log(msg)

            yield update
    else:

        def update(msg: str) -> None:
            err_console.print(f"[{time.monotonic() - start:6.1f}s] {msg}", markup=False,
                              highlight=False)

        yield update
