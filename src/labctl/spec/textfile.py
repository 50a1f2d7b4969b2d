"""Reading the text files users give labctl: lab specs, task texts, checks, rosters, roadmaps.

One reader, so every such file gets the same clear errors: it is missing, a folder, a
symlink loop or unreadable; it is larger than labctl accepts (the limit is said); it is not
UTF-8 (and what it looks like instead: UTF-16, Latin-1/Windows-1252, or binary), with the
line of the first bad byte and the command that converts it.
"""

from __future__ import annotations

import errno
from pathlib import Path

from labctl.errors import SpecError

KIB = 1024
MIB = 1024 * KIB

#: how large each kind of file may be (a 45 MB lab.yaml took minutes to be accepted)
LIMITS = {
    "lab spec": 1 * MIB,
    "roadmap": 1 * MIB,
    "task text": 256 * KIB,
    "check file": 1 * MIB,
    "solution script": 1 * MIB,
    "variant script": 1 * MIB,
    "template": 2 * MIB,
    "roster": 4 * MIB,
}


def _size(n: int) -> str:
    return f"{n / MIB:.1f} MB" if n >= MIB else f"{n / KIB:.0f} KB"


def looks_like(data: bytes) -> str:
    """What a byte string that is not UTF-8 probably is."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 (it starts with a UTF-16 byte-order mark)"
    sample = data[:4096]
    half = len(sample) // 2
    if half >= 4:  # UTF-16 text: NULs at every even, or every odd, position and hardly elsewhere
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if (odd >= 0.6 * half and even <= 0.1 * half) or (even >= 0.6 * half and odd <= 0.1 * half):
            return "UTF-16 (every other byte is a NUL)"
    if b"\0" in sample:
        return "binary, not text"
    high = [b for b in sample if b >= 0x80]
    controls = [b for b in sample if b < 0x20 and b not in (9, 10, 13, 12)]
    if controls and len(controls) * 20 > len(sample):
        return "binary, not text"
    if high:
        return "Latin-1 / Windows-1252 (a single-byte encoding)"
    return "not UTF-8"


def _convert_hint(path: str, kind: str) -> str:
    source = "UTF-16" if kind.startswith("UTF-16") else "LATIN1"
    return (f"Save it as UTF-8 in your editor, or convert it: `iconv -f {source} -t UTF-8 {path} > "
            f"{path}.utf8 && mv {path}.utf8 {path}`.")


def read_text(path: Path, what: str, *, display: str | None = None, field: str | None = None,
              line: int | None = None) -> str:
    """The text of a UTF-8 file (a UTF-8 byte-order mark is dropped), or a SpecError (exit 2)
    naming the file, what is wrong with it and what to do. `what` is a key of LIMITS."""
    shown = display or str(path)
    limit = LIMITS.get(what, 1 * MIB)

    def fail(message: str, hint: str | None = None, at: int | None = line) -> SpecError:
        return SpecError(f"the {what} {message}", file=shown, field=field, line=at, hint=hint)

    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise fail("is a symlink to a file that does not exist.") from None
        raise fail("does not exist.", "Create it or fix the path.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise fail("is a symlink loop.", "Point the link at a real file.") from None
        raise fail(f"cannot be read: {exc.strerror or exc}.") from None
    if path.is_dir():
        raise fail("is a folder, not a file.")
    if info.st_size > limit:
        raise fail(f"is {_size(info.st_size)}; labctl reads {what}s of at most {_size(limit)}.",
                   "Split it, or move large data out of it (a lab's images/ or workspace/ folder).")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror or exc}.") from None
    bad_at: int | None = None
    if b"\0" in data[:65536]:  # decodes as UTF-8, but no text file holds NULs
        bad_at = data.index(b"\0")
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            bad_at = exc.start
    kind = looks_like(data)
    bad_line = 1 if kind.startswith(("binary", "UTF-16")) else data.count(b"\n", 0, bad_at) + 1
    raise fail(f"is not UTF-8 text: it looks like {kind} (byte 0x{data[bad_at]:02x} on line {bad_line}).",
               None if kind.startswith("binary") else _convert_hint(shown, kind), at=bad_line)


def is_within(path: Path, folder: Path) -> bool:
    """Whether `path`, with symlinks and `..` resolved, lies inside `folder`."""
    try:
        resolved = path.resolve()
        root = folder.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return False
    return resolved == root or root in resolved.parents


__all__ = ["LIMITS", "is_within", "looks_like", "read_text"]
