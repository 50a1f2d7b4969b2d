"""Read a class roster: a CSV file with columns id, name, email (extra columns are kept).

Every problem is reported with the file name and line number, the way a
spreadsheet user can find it: an unreadable or non-UTF-8 file, a missing
`id` column, an empty or duplicate id, a row with more fields than the header.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from labctl.errors import UserInputError
from labctl.spec.textfile import looks_like

REQUIRED = "id"
KNOWN = ("id", "name", "email")
#: longest student part of an env name (container and project names stay readable)
MAX_SLUG = 32
#: the most students one class takes (a bootcamp of 600 fits; split a larger cohort into classes)
MAX_STUDENTS = 1000
ROSTER_LIMIT = 4 * 1024 * 1024


@dataclass(frozen=True)
class RosterEntry:
    id: str
    name: str
    email: str
    line: int
    extra: dict[str, str] = field(default_factory=dict)


def student_slug(student_id: str) -> str:
    """A student id in the alphabet of compose projects and env names: [a-z0-9-]."""
    slug = re.sub(r"[^a-z0-9]+", "-", student_id.lower()).strip("-") or "student"
    if len(slug) > MAX_SLUG or slug != student_id:
        # Keep ids that differ only in case or punctuation apart (Ann.Lee vs ann-lee).
        digest = hashlib.sha256(student_id.encode()).hexdigest()[:6]
        slug = f"{slug[: MAX_SLUG - 7].rstrip('-')}-{digest}"
    return slug


def _error(source: str, line: int | None, message: str, hint: str | None = None) -> UserInputError:
    where = source if line is None else f"{source}:{line}"
    return UserInputError(f"roster {where}: {message}", hint=hint)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        kind = looks_like(data)
        if kind.startswith(("binary", "UTF-16")):
            raise _error(source, None, f"is not a CSV text file: it looks like {kind}.",
                         hint="Export the roster from your spreadsheet as 'CSV UTF-8'.") from None
        raise _error(
            source, line, f"is not UTF-8 text: it looks like {kind} (byte 0x{data[exc.start]:02x} at column {column}).",
            hint="Save the roster as 'CSV UTF-8' from your spreadsheet, or convert it with "
            "`iconv -f latin1 -t utf-8`.",
        ) from None


def _dialect(header_line: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma by default; semicolon or tab when the header clearly uses them (Excel locales)."""
    for delimiter in (";", "\t"):
        if delimiter in header_line and "," not in header_line:

            class Custom(csv.excel):
                pass

            Custom.delimiter = delimiter
            return Custom
    return csv.excel


def read_roster(path: Path) -> list[RosterEntry]:
    """Read and check a roster file; raise UserInputError naming the line of any problem."""
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _error(source, None, "file not found.") from None
    except OSError as exc:
        raise _error(source, None, f"cannot be read: {exc.strerror or exc}.") from None
    if path.is_dir():
        raise _error(source, None, "is a folder, not a CSV file.")
    if size > ROSTER_LIMIT:
        raise _error(source, None, f"is {size / 1024 / 1024:.1f} MB; a roster may be at most "
                     f"{ROSTER_LIMIT // 1024 // 1024} MB ({MAX_STUDENTS} students).")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _error(source, None, f"cannot be read: {exc.strerror or exc}.") from None
    return parse_roster(_decode(data, source), source)


def parse_roster(text: str, source: str = "<roster>") -> list[RosterEntry]:
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise _error(source, line, "contains a NUL byte: this is not a CSV text file.")
    lines = text.splitlines()
    first = next((i for i, raw in enumerate(lines) if raw.strip()), None)
    if first is None:
        raise _error(source, None, "is empty; expected a header line such as `id,name,email`.")
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(lines[first]), strict=True)
    entries: list[RosterEntry] = []
    header: list[str] | None = None
    header_line = 0
    seen: dict[str, int] = {}
    slugs: dict[str, tuple[str, int]] = {}
    try:
        row_start = 1
        for row in reader:
            line, row_start = row_start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header, header_line = [c.strip().lower() for c in row], line
                _check_header(header, source, line)
                continue
            if len(row) > len(header):
                raise _error(source, line, f"has {len(row)} fields but the header (line {header_line}) "
                             f"has {len(header)}.", hint="Quote fields that contain the delimiter.")
            if len(entries) >= MAX_STUDENTS:
                raise _error(source, line, f"lists more than {MAX_STUDENTS} students, the most one class takes.",
                             hint="Split the roster and make one class per part (each with its own name).")
            values = dict(zip(header, (c.strip() for c in row), strict=False))
            sid = values.get(REQUIRED, "")
            if not sid:
                raise _error(source, line, "the id is empty; every student needs one.")
            if any(ch.isspace() for ch in sid) or any(not ch.isprintable() for ch in sid):
                raise _error(source, line, f"the id '{sid}' contains spaces or control characters.")
            if sid in seen:
                raise _error(source, line, f"duplicate id '{sid}' (first on line {seen[sid]}).")
            seen[sid] = line
            slug = student_slug(sid)
            if slug in slugs:
                other, other_line = slugs[slug]
                raise _error(source, line, f"the id '{sid}' gives the same env name as '{other}' "
                             f"(line {other_line}).")
            slugs[slug] = (sid, line)
            extra = {k: v for k, v in values.items() if k not in KNOWN}
            entries.append(RosterEntry(sid, values.get("name", ""), values.get("email", ""), line, extra))
    except csv.Error as exc:
        raise _error(source, reader.line_num or None, f"is not valid CSV: {exc}.") from None
    if not entries:
        raise _error(source, None, "lists no students (only a header).")
    return entries


def _check_header(header: list[str], source: str, line: int) -> None:
    if REQUIRED not in header:
        shown = ", ".join(h or "(empty)" for h in header[:8]) + (", ..." if len(header) > 8 else "")
        if len(shown) > 120 or not shown.isprintable():
            shown = repr(shown[:60]) + "..."
        raise _error(source, line, f"no 'id' column; the header has: {shown}.",
                     hint="The first line must name the columns, e.g. `id,name,email` "
                     "(extra columns are kept).")
    seen: set[str] = set()
    for column in header:
        if not column:
            raise _error(source, line, "the header has an empty column name.")
        if column in seen:
            raise _error(source, line, f"the header names column '{column}' twice.")
        seen.add(column)
