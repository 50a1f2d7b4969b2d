"""Offline Python wheels for lab images: a content-addressed wheelhouse in labctl's cache.

Nothing inside a lab's `docker build` reaches PyPI (only Debian's mirror answers), so a lab
declares pinned wheels per image in lab.yaml (`images: {loadgen: {wheels: [locust==2.47.0]}}`).
labctl downloads them *on the host* with `pip download`, binary wheels only, for the image's
platform (Debian bookworm's CPython 3.11 on this machine's architecture, whatever Python
runs labctl), keeps them in `$LABCTL_HOME/cache/wheelhouse/`, and stages them into the
image's build context as `wheels/` (the wheel files plus `requirements.txt` with the pins),
where the Dockerfile installs them with `pip install --no-index`.

Layout of the wheelhouse (shared by every lab and env on the machine):

    files/<sha256>/<wheel file name>   each wheel once, by content
    locks/<key>.json                   what one set of pins resolved to: file names + sha256s

A lock's key is a hash of the pins and the target platform, so two labs pinning the same
set share one lock and every wheel they have in common is stored once. A lock is written
once and then reused without asking PyPI again; `labctl images save` puts the locks and files
a bundle's labs need into the bundle, and `labctl images load` restores them.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import json
import os
import platform
import re
import shutil
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from labctl import paths, runner
from labctl.errors import CommandFailed, CommandTimeout, LabctlError, PrerequisiteError

LOCK_VERSION = 1
#: the folder (in the build context and in bundles) the wheels are staged in
STAGE_DIR = "wheels"
REQUIREMENTS_FILE = "requirements.txt"
BUNDLE_PREFIX = "labctl-wheelhouse"

_HEX = re.compile(r"^[0-9a-f]{64}$")
_KEY = re.compile(r"^[0-9a-f]{32}$")
_WHEEL_FILE = re.compile(r"^[A-Za-z0-9_.+!-]+\.whl$")

# What pip prints when it cannot reach an index (as opposed to: the index answered and has
# no such release). Checked first: offline, pip also ends with "No matching distribution".
_NETWORK_ERRORS = (
    "NewConnectionError", "Failed to establish a new connection", "Temporary failure in name resolution",
    "Name or service not known", "Network is unreachable", "Connection refused", "ConnectTimeoutError",
    "Read timed out", "ProxyError", "Could not fetch URL", "SSLError", "No route to host",
    "Max retries exceeded",
)

OFFLINE_HINT = (
    "Connect this machine to the internet (or point pip at a mirror with PIP_INDEX_URL) and run "
    "the command again; on a machine without internet, load an image bundle made where PyPI is "
    "reachable (`labctl images save course.tar LAB...` there, `labctl images load course.tar` here): "
    "it carries the wheels."
)


@dataclass(frozen=True)
class Target:
    """The interpreter and platform the wheels are for: the lab image's, not the host's."""

    arch: str
    python: str = "3.11"      # Debian bookworm's python3
    glibc: tuple[int, int] = (2, 36)  # bookworm's libc6

    @property
    def abi(self) -> str:
        return "cp" + self.python.replace(".", "")

    def platforms(self) -> list[str]:
        """manylinux tags bookworm's pip accepts, newest first (pip does not expand them itself)."""
        major, newest = self.glibc
        tags = [f"manylinux_{major}_{minor}_{self.arch}" for minor in range(newest, 4, -1)]
        legacy = ["manylinux2014", "manylinux2010", "manylinux1"] if self.arch in ("x86_64", "i686") \
            else ["manylinux2014"]
        return tags + [f"{name}_{self.arch}" for name in legacy]

    def describe(self) -> str:
        return f"CPython {self.python} on Debian bookworm ({self.arch}, glibc {self.glibc[0]}.{self.glibc[1]})"

    def as_dict(self) -> dict[str, Any]:
        return {"python": self.python, "arch": self.arch, "glibc": list(self.glibc)}


_ARCH_ALIASES = {"amd64": "x86_64", "x64": "x86_64", "arm64": "aarch64", "armv8": "aarch64"}


def target() -> Target:
    """This machine's architecture: lab images are built by the local engine for it."""
    machine = platform.machine().lower()
    return Target(arch=_ARCH_ALIASES.get(machine, machine))


def normalise(pins: Iterable[str]) -> list[str]:
    """Pins in a canonical order and spelling (names per PEP 503), for hashing."""
    from labctl.spec.models import pin_name

    return sorted(f"{pin_name(p)}=={p.split('==', 1)[1].strip()}" for p in pins)


def lock_key(pins: Iterable[str], tgt: Target | None = None) -> str:
    """The wheelhouse key of a set of pins for a target: also what an image tag covers."""
    data = {"v": LOCK_VERSION, "pins": normalise(pins), "target": (tgt or target()).as_dict()}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Wheel:
    file: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Lock:
    key: str
    pins: tuple[str, ...]
    target: dict[str, Any]
    wheels: tuple[Wheel, ...]

    def to_json(self) -> str:
        return json.dumps({
            "version": LOCK_VERSION, "key": self.key, "pins": list(self.pins), "target": self.target,
            "wheels": [{"file": w.file, "sha256": w.sha256, "size": w.size} for w in self.wheels],
        }, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Lock:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != LOCK_VERSION:
            raise ValueError("not a wheelhouse lock of this labctl version")
        wheels = tuple(Wheel(str(w["file"]), str(w["sha256"]), int(w["size"])) for w in data["wheels"])
        for w in wheels:
            if not (_HEX.match(w.sha256) and _WHEEL_FILE.match(w.file)):
                raise ValueError(f"bad wheel entry {w.file!r}")
        if not _KEY.match(str(data["key"])):
            raise ValueError("bad key")
        return cls(str(data["key"]), tuple(data["pins"]), dict(data["target"]), wheels)

    @property
    def size(self) -> int:
        return sum(w.size for w in self.wheels)


# -- the store -------------------------------------------------------------------------------


def root() -> Path:
    return paths.cache_dir() / "wheelhouse"


def _lock_path(key: str) -> Path:
    return root() / "locks" / f"{key}.json"


def _file_path(wheel: Wheel) -> Path:
    return root() / "files" / wheel.sha256 / wheel.file


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _complete(lock: Lock) -> bool:
    """Every file of the lock is present with the size it was stored with."""
    for wheel in lock.wheels:
        path = _file_path(wheel)
        if not path.is_file() or path.stat().st_size != wheel.size:
            return False
    return True


def cached(pins: Iterable[str]) -> Lock | None:
    """The stored lock of these pins for this machine's target, if it and its files are there."""
    path = _lock_path(lock_key(pins))
    try:
        lock = Lock.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return lock if _complete(lock) else None


def _store_file(source: Path, wheel: Wheel) -> None:
    dest = _file_path(wheel)
    if dest.is_file() and dest.stat().st_size == wheel.size:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, tmp)
    os.replace(tmp, dest)


def _write_lock(lock: Lock) -> None:
    path = _lock_path(lock.key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(lock.to_json(), encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def _locked(key: str) -> Iterator[None]:
    """One download per key at a time (class envs of one lab build in parallel)."""
    lock_dir = root() / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / f".{key}.flock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# -- downloading -----------------------------------------------------------------------------


def pip_command() -> list[str]:
    """pip of the Python running labctl if it has one, else pip3/pip on PATH."""
    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    for name in ("pip3", "pip"):
        found = runner.which(name)
        if found:
            return [found]
    raise PrerequisiteError(
        "labctl needs pip to download the Python wheels of lab images, and none is installed.",
        hint="Install pip into labctl's environment (`python3 -m ensurepip`, or `apt-get install "
        "python3-pip`), or load an image bundle that carries the wheels (`labctl images load FILE`).",
    )


def download_argv(pins: list[str], dest: Path, tgt: Target) -> list[str]:
    argv = [*pip_command(), "download", "--dest", str(dest), "--only-binary=:all:",
            "--python-version", tgt.python, "--implementation", "cp",
            "--abi", tgt.abi, "--abi", "abi3", "--abi", "none"]
    for tag in tgt.platforms():
        argv += ["--platform", tag]
    return [*argv, "--retries", "1", "--timeout", "20", "--progress-bar", "off",
            "--disable-pip-version-check", "--no-input", *pins]


def explain_failure(pins: list[str], output: str, what: str, tgt: Target) -> LabctlError:
    """Turn pip's output into an error that says whether PyPI or the pin is the problem."""
    tail = "\n".join(output.strip().splitlines()[-12:]) or None
    if any(marker in output for marker in _NETWORK_ERRORS):
        return LabctlError(
            f"cannot download the Python wheels of {what} ({', '.join(pins)}): PyPI cannot be "
            "reached from this machine.", hint=OFFLINE_HINT, details=tail,
        )
    missing = re.search(r"No matching distribution found for (\S+)", output)
    if missing:
        versions = re.search(
            rf"requirement {re.escape(missing.group(1))} \(from versions: ([^)]*)\)", output)
        known = versions.group(1).strip() if versions else ""
        listed = known.split(", ")
        available = (f" Versions with a wheel for it: {', '.join(listed[-8:])}."
                     if known and known != "none" else " PyPI has no binary wheel of it for this platform.")
        return LabctlError(
            f"cannot download the Python wheels of {what}: no wheel of {missing.group(1)} for "
            f"{tgt.describe()}.{available}",
            hint="Fix the pin in the lab's lab.yaml (field images.<name>.wheels); only binary "
            "wheels can be used, since nothing can be compiled inside an offline image build.",
            details=tail,
        )
    return LabctlError(f"downloading the Python wheels of {what} failed: pip download exited with an error.",
                       hint="Read pip's output below; `labctl --debug` shows the whole command.",
                       details=tail)


def ensure(pins: Iterable[str], *, what: str, progress: Any = None) -> Lock:
    """The lock of these pins: from the wheelhouse, or downloaded into it now."""
    pins = sorted(p.strip() for p in pins)
    tgt = target()
    key = lock_key(pins, tgt)
    found = cached(pins)
    if found is not None:
        return found
    with _locked(key):
        found = cached(pins)  # another labctl may have finished the download meanwhile
        if found is not None:
            return found
        if progress is not None:
            progress(f"downloading Python wheels for {what}: {', '.join(pins)}")
        root().mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".download-", dir=root()) as tmp:
            dest = Path(tmp)
            try:
                runner.run(download_argv(pins, dest, tgt), timeout=900, what="pip download")
            except CommandFailed as exc:
                raise explain_failure(pins, exc.stdout + "\n" + exc.stderr, what, tgt) from None
            except CommandTimeout:
                raise LabctlError(
                    f"downloading the Python wheels of {what} took longer than 15 minutes.",
                    hint=OFFLINE_HINT) from None
            wheels = []
            for path in sorted(dest.iterdir()):
                if not path.name.endswith(".whl"):
                    raise LabctlError(
                        f"pip downloaded {path.name} for {what}, which is not a wheel.",
                        hint="Only binary wheels can be installed offline; pin a release that has one.")
                wheel = Wheel(path.name, _sha256(path), path.stat().st_size)
                _store_file(path, wheel)
                wheels.append(wheel)
        lock = Lock(key, tuple(pins), tgt.as_dict(), tuple(wheels))
        _write_lock(lock)
        return lock


# -- staging and bundles ---------------------------------------------------------------------


def stage(lock: Lock, dest: Path) -> Path:
    """Put the lock's wheels and a requirements.txt of its pins into `dest` (the build
    context's `wheels/`). Files are hard-linked from the wheelhouse where possible."""
    dest.mkdir(parents=True, exist_ok=True)
    for wheel in lock.wheels:
        source = _file_path(wheel)
        try:
            os.link(source, dest / wheel.file)
        except OSError:
            shutil.copyfile(source, dest / wheel.file)
    (dest / REQUIREMENTS_FILE).write_text(
        "# pinned by the lab's lab.yaml; installed with pip install --no-index\n"
        + "".join(f"{pin}\n" for pin in lock.pins), encoding="utf-8")
    return dest


def add_to_bundle(tar: tarfile.TarFile, locks: Iterable[Lock]) -> int:
    """Append locks and their files under labctl-wheelhouse/ (docker load ignores them)."""
    count = 0
    written: set[str] = set()
    for lock in locks:
        for wheel in lock.wheels:
            name = f"{BUNDLE_PREFIX}/files/{wheel.sha256}/{wheel.file}"
            if name not in written:
                tar.add(_file_path(wheel), arcname=name, recursive=False)
                written.add(name)
        data = lock.to_json().encode()
        info = tarfile.TarInfo(f"{BUNDLE_PREFIX}/locks/{lock.key}.json")
        info.size, info.mode = len(data), 0o644
        tar.addfile(info, _bytes(data))
        count += 1
    return count


def _bytes(data: bytes) -> IO[bytes]:
    import io

    return io.BytesIO(data)


def restore_from_bundle(bundle: Path) -> int:
    """Copy the wheelhouse part of a bundle into the cache; returns the number of locks restored.
    Every file is checked against the sha256 in its path before it is stored."""
    restored = 0
    locks: list[Lock] = []
    with tarfile.open(bundle, "r") as tar:
        for member in tar:
            parts = member.name.split("/")
            if not member.isfile() or parts[0] != BUNDLE_PREFIX:
                continue
            fh = tar.extractfile(member)
            if fh is None:
                continue
            if len(parts) == 4 and parts[1] == "files" and _HEX.match(parts[2]) and _WHEEL_FILE.match(parts[3]):
                wheel = Wheel(parts[3], parts[2], member.size)
                dest = _file_path(wheel)
                if dest.is_file() and dest.stat().st_size == member.size:
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
                with open(tmp, "wb") as out:
                    shutil.copyfileobj(fh, out)
                if _sha256(tmp) != wheel.sha256:
                    tmp.unlink()
                    raise LabctlError(f"the bundle {bundle} is damaged: wheel {wheel.file} does not "
                                      "match its checksum.", hint="Copy the bundle again.")
                os.replace(tmp, dest)
            elif len(parts) == 3 and parts[1] == "locks" and parts[2].endswith(".json"):
                try:
                    locks.append(Lock.from_json(fh.read().decode()))
                except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                    raise LabctlError(f"the bundle {bundle} holds a damaged wheelhouse lock ({member.name}).",
                                      hint="Copy the bundle again.") from None
    for lock in locks:
        if _complete(lock):
            _write_lock(lock)
            restored += 1
    return restored
