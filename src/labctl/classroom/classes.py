"""A class: a lab, a roster, a seed, a TTL, limits and per-student credentials.

`create_class` checks everything that can be checked before any container
starts (the lab can be given to a class, the roster is sound, names are
free) and stores the class; `open_class` loads it back for the other verbs.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labctl import params as params_mod
from labctl import paths
from labctl.classroom.roster import RosterEntry, read_roster, student_slug
from labctl.env.record import EnvRecord
from labctl.errors import NotFoundError, UserInputError
from labctl.spec.loader import Lab, find_lab
from labctl.spec.models import Limits
from labctl.spec.names import check_class_name
from labctl.state import ClassRecord, Store, StudentRecord

#: Students' ssh ports listen here (reachable from their laptops); other ports stay on loopback.
DEFAULT_ADDRESS = "0.0.0.0"
#: Class envs get their networks from this pool, not Docker's (which holds ~30 networks).
DEFAULT_SUBNET_POOL = "10.213.0.0/16"
#: How often Docker may re-run class envs' healthchecks once labctl found them ready
#: (0: never; each probe is an exec, see labctl.backends.healthprobe).
DEFAULT_HEALTH_INTERVAL = 0
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXYZ234679"
PASSWORD_LENGTH = 16
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


@dataclass
class Classroom:
    """A class as the verbs use it: its record, lab and students."""

    record: ClassRecord
    lab: Lab
    students: list[StudentRecord]

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def settings(self) -> dict[str, Any]:
        return self.record.settings

    def student(self, student_id: str) -> StudentRecord:
        for s in self.students:
            if s.id == student_id or s.env == student_id:
                return s
        ids = ", ".join(s.id for s in self.students[:10])
        more = ", ..." if len(self.students) > 10 else ""
        raise NotFoundError(f"class {self.name} has no student '{student_id}'; its students: {ids}{more}.")

    def seed_for(self, student: StudentRecord) -> str:
        return params_mod.derive_seed(self.record.seed, student.id)

    def limits(self) -> dict[str, Any]:
        return dict(self.settings.get("limits") or {})

    def env_record(self, store: Store, student: StudentRecord) -> EnvRecord | None:
        return store.get_env(self.lab.id, student.env)

    @property
    def keys_dir(self) -> Path:
        return paths.data_dir() / "classes" / self.name / "keys"


@dataclass
class CreateResult:
    classroom: Classroom
    warnings: list[str] = field(default_factory=list)


#: the longest duration a class setting takes (a TTL of a year is already a mistake)
MAX_DURATION = 366 * 86400


def parse_duration(text: str, option: str = "duration") -> int:
    """'4h', '90m', '2d', '3600' -> seconds."""
    shown = text if len(text) <= 40 else text[:37] + "..."
    match = DURATION.match(text)
    if not match:
        raise UserInputError(f"{option} {shown!r} is not understood; use e.g. 90m, 4h, 2d (units s, m, h, d, w).")
    value = float(match.group(1)) * UNITS[match.group(2).lower()]
    if value > MAX_DURATION:
        raise UserInputError(f"{option} {shown!r} is longer than labctl accepts (at most 366d).")
    seconds = int(value)
    if seconds <= 0:
        raise UserInputError(f"{option} {shown!r} must be at least one second.")
    return seconds


def format_duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds <= 0:
        return "0m"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes else ""]
    return "".join(parts) or f"{seconds}s"


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def new_ssh_key() -> str:
    """A fresh ed25519 private key in OpenSSH format."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    ).decode()


def public_key(private_key: str, comment: str = "") -> str:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_ssh_private_key(private_key.encode(), password=None)
    text = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    ).decode()
    return f"{text} {comment}".strip()


def check_name(name: str) -> None:
    check_class_name(name)


def merged_limits(lab: Lab, overrides: dict[str, Any]) -> dict[str, Any]:
    """The lab's per-container limits with the class's overrides on top, validated."""
    part = lab.spec.environment.compose
    base = part.limits.model_dump(exclude_none=True) if part else {}
    merged = {**base, **{k: v for k, v in overrides.items() if v is not None}}
    from pydantic import ValidationError

    try:
        Limits(**merged)
    except ValidationError as exc:
        err = exc.errors()[0]
        field_name = ".".join(str(x) for x in err["loc"])
        raise UserInputError(
            f"limit --{field_name} {merged.get(field_name)!r} is invalid: {err['msg']} "
            "(memory like 256m or 1g, cpus > 0, pids > 0)."
        ) from None
    return merged


def create_class(
    store: Store,
    name: str,
    lab: Lab,
    roster: Path,
    *,
    seed: str | None = None,
    ttl_seconds: int | None = None,
    limits: dict[str, Any] | None = None,
    address: str = DEFAULT_ADDRESS,
    host: str | None = None,
    subnet_pool: str = DEFAULT_SUBNET_POOL,
    health_interval: int = DEFAULT_HEALTH_INTERVAL,
) -> CreateResult:
    """Check and store a new class; nothing runs until `class up`."""
    from labctl.classroom.network import parse_pool
    from labctl.classroom.safety import check_lab_for_class

    check_name(name)
    if store.get_class(name) is not None:
        raise UserInputError(f"class '{name}' already exists.",
                             hint=f"Pick another name, or remove it with `labctl class down {name}`.")
    warnings = check_lab_for_class(lab)
    entries = read_roster(roster)
    merged = merged_limits(lab, limits or {})
    parse_pool(subnet_pool)
    taken: dict[str, str] = {
        e.name: (f"class {e.class_name}" if e.class_name else "a learner's env")
        for e in store.list_envs(lab.id)
    }
    for other in store.list_classes():
        if other.lab == lab.id:
            taken.update({s.env: f"class {other.name}" for s in store.students(other.name)})
    students: list[StudentRecord] = []
    for position, entry in enumerate(entries):
        env = env_name(name, entry)
        if env in taken:
            raise UserInputError(
                f"roster {roster}:{entry.line}: env name '{env}' for student '{entry.id}' is already "
                f"used by {taken[env]} on lab {lab.id}.",
                hint="Pick another class name.",
            )
        students.append(StudentRecord(
            class_name=name, id=entry.id, name=entry.name, email=entry.email, extra=entry.extra,
            secret=new_password(), position=position, env=env, ssh_key=new_ssh_key(),
        ))
    record = ClassRecord(
        name=name, lab=lab.id, seed=seed or params_mod.new_seed(), ttl_seconds=ttl_seconds,
        settings={
            "labs_dir": str(lab.path), "limits": merged, "address": address,
            "host": host or default_host(), "subnet_pool": subnet_pool, "expires_at": None,
            "health_interval": health_interval,
        },
        created_at=time.time(),
    )
    store.create_class(record, students)
    return CreateResult(Classroom(record, lab, store.students(name)), warnings)


def env_name(class_name: str, entry: RosterEntry | StudentRecord) -> str:
    """`<class>-<student>`: unique per lab even when two classes share a roster."""
    return f"{class_name}-{student_slug(entry.id)}"


def default_host() -> str:
    import socket

    return socket.getfqdn() or socket.gethostname()


def open_class(store: Store, name: str, search_path: list[Path] | None = None) -> Classroom:
    record = store.get_class(name)
    if record is None:
        import difflib

        names = [c.name for c in store.list_classes()]
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        suggestion = f" Did you mean: {', '.join(close)}?" if close else ""
        raise NotFoundError(
            f"class '{name}' not found.{suggestion}",
            hint="See the classes with `labctl class list`; make one with `labctl class create`.",
        )
    return Classroom(record, class_lab(record, search_path), store.students(name))


def class_lab(record: ClassRecord, search_path: list[Path] | None = None) -> Lab:
    """The class's lab from the folder it was created from, else by id on the search path."""
    labs_dir = record.settings.get("labs_dir")
    if labs_dir and (Path(labs_dir) / "lab.yaml").is_file():
        return find_lab(labs_dir)
    return find_lab(record.lab, search_path)
