"""Learner-facing failure messages, made from the exception a check raised.

An AssertionError (or `pytest.fail`) shows the message the author wrote, first
line only; a bare `assert` shows its source line; anything else is a short
`Type: message`. No pytest internals, no tracebacks, no reprs of fixtures.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MAX_LEN = 300

# testinfra quotes a failed command as its dataclass repr (stock backends) or as
# labctl's readable form: turn both into "a command failed in the container: ...".
_UNEXPECTED = re.compile(r"^Unexpected (?:output|exit code -?\d+ for) (?P<what>.*)$", re.S)
_DATACLASS_REPR = re.compile(
    r"CommandResult\(.*?exit_status=(?P<rc>-?\d+), command=b?(?P<q>['\"])(?P<cmd>.*?)(?P=q), "
    r"_stdout=.*?, _stderr=b?(?P<q2>['\"])(?P<err>.*?)(?P=q2)\)", re.S,
)


class CheckProblem(Exception):
    """Raised by fixtures (and usable in checks) with a message meant for the learner as is."""


class CheckTimeout(BaseException):
    """Raised inside a check that ran out of time. A BaseException, so a check's own
    `except Exception:` cannot swallow it and keep running."""

    def __init__(self, seconds: float, phase: str = "call"):
        self.seconds = seconds
        self.phase = phase
        what = "the check" if phase == "call" else f"the check's {phase}"
        super().__init__(
            f"timed out after {seconds:g} s: {what} did not finish (a command it ran may be "
            "hanging); it was stopped and the other checks still ran"
        )


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def shorten(text: str, limit: int = MAX_LEN) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _is_author_failure(exc: BaseException) -> bool:
    if isinstance(exc, AssertionError | CheckProblem | CheckTimeout):
        return True
    # pytest.fail(...) raises pytest's Failed (an OutcomeException); import lazily
    try:
        from _pytest.outcomes import Failed
    except ImportError:  # pragma: no cover - pytest is a dependency
        return False
    return isinstance(exc, Failed)


def _command_failure(text: str) -> str | None:
    match = _UNEXPECTED.match(text)
    if match is None:
        return None
    what = match.group("what")
    repr_match = _DATACLASS_REPR.search(what)
    if repr_match is not None:
        err = first_line(repr_match.group("err").replace("\\n", "\n"))
        what = f"`{repr_match.group('cmd')}` (exit {repr_match.group('rc')}" + (f": {err})" if err else ")")
    return f"a command failed in the container: {first_line(what)}"


def message_for(exc: BaseException, statement: str | Callable[[], str | None] | None = None) -> str:
    """The one line a learner reads for a failed check. `statement` (the failing source line,
    or a function finding it: that takes a parse of the file) is used for bare asserts only."""
    text = first_line(getattr(exc, "msg", None) or str(exc))
    if isinstance(exc, AssertionError | RuntimeError):
        command = _command_failure(str(exc).strip())
        if command is not None:
            return shorten(command)
    if _is_author_failure(exc):
        if text:
            return shorten(text)
        if callable(statement):
            statement = statement()
        if statement:
            return shorten(f"check failed: {first_line(statement)}")
        return "check failed"
    name = type(exc).__name__
    return shorten(f"{name}: {text}" if text else name)
