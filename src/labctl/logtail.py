"""The last lines of a log, for error details (one helper for every log labctl quotes)."""

from __future__ import annotations

from pathlib import Path

#: how many lines an error quotes by default
LOG_TAIL = 20


def tail_text(text: str, lines: int = LOG_TAIL) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def tail_file(path: Path, lines: int = LOG_TAIL) -> str:
    """The last `lines` lines of a file ('' if it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 64 * 1024))  # a long log: read only its end
            data = fh.read()
    except OSError:
        return ""
    return tail_text(data.decode("utf-8", errors="replace"), lines)
