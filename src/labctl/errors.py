"""Errors that travel up to the CLI, each carrying its own exit code.

Library code raises these; only `labctl.cli.output` prints them and maps them
to an exit code. Nothing below the CLI calls sys.exit.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


class LabctlError(Exception):
    """A failure the user can act on: what went wrong, and what to do."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, *, hint: str | None = None, details: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details

    def __str__(self) -> str:
        text = self.message
        if self.hint:
            text += f" {self.hint}"
        return text


class UserInputError(LabctlError):
    """Bad input: a wrong argument, an invalid lab spec, an unknown name (exit 2)."""

    exit_code = EXIT_BAD_INPUT


class SpecError(UserInputError):
    """An invalid lab spec; `location` is 'file[:line]' and `field` a dotted path."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        field: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ):
        self.file = file
        self.field = field
        self.line = line
        where = file if line is None else f"{file}:{line}"
        if field:
            where += f" (field '{field}')"
        super().__init__(f"{where}: {message}", hint=hint)


class PrerequisiteError(LabctlError):
    """A tool or engine this machine lacks (exit 1); the hint says how to get it."""


class CommandFailed(LabctlError):
    """A subprocess that exited non-zero; keeps the exact command and its output."""

    def __init__(self, argv: list[str], returncode: int, stdout: str, stderr: str, *, what: str = ""):
        self.argv = argv
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        tail = "\n".join((stderr or stdout).strip().splitlines()[-15:])
        label = what or argv[0]
        super().__init__(
            f"{label} failed (exit {returncode}): {' '.join(argv)}",
            details=tail or None,
        )


class CommandTimeout(LabctlError):
    def __init__(self, argv: list[str], timeout: float):
        self.argv = argv
        self.timeout = timeout
        super().__init__(f"command timed out after {timeout:.0f}s: {' '.join(argv)}")


class NotFoundError(UserInputError):
    """An unknown lab, env, class or student; the message names close matches."""
