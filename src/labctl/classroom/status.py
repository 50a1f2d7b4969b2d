"""`class status` and `class list`: what each student's env is doing, and their last grade."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from labctl.classroom.classes import Classroom, format_duration
from labctl.env.labels import LABEL_CLASS, LABEL_STORE
from labctl.env.record import EnvStatus
from labctl.env.status import Component
from labctl.errors import PrerequisiteError
from labctl.state import ClassRecord, Store

#: what `class status` says of a student whose swarm node is down
NODE_DOWN = "node-down"


@dataclass
class StudentStatus:
    student_id: str
    name: str
    env: str
    #: up | degraded (some container missing or not healthy) | gone (none left) | stopped |
    #: creating | removing | failed | missing (no env yet) | reaped
    state: str
    ports: dict[str, int] = field(default_factory=dict)
    containers: str = ""
    score: float | None = None
    max_score: float | None = None
    last_graded: str | None = None
    error: str | None = None
    #: the swarm node the env is pinned to ("" on this machine's engine)
    node: str = ""


def _components_by_student(store: Store, cls: Classroom) -> dict[str, list[Component]]:
    """Every part of the class's envs, grouped by student: one query per kind of part."""
    from labctl.backends.base import engine_backend_classes

    legacy = any(e.data.legacy for e in store.list_envs(class_name=cls.name))
    labels = {LABEL_CLASS: cls.name} if legacy else {LABEL_STORE: store.store_id, LABEL_CLASS: cls.name}
    found: dict[str, list[Component]] = {}
    for kind in engine_backend_classes(cls.engine):
        try:
            rows = kind.census(labels, store_id=store.store_id, legacy=legacy)
        except PrerequisiteError:
            continue
        for student, parts in rows.items():
            found.setdefault(student, []).extend(parts)
    return found


def _expected(store: Store, cls: Classroom) -> int:
    """How many containers a student's env has when it is whole: the services of a rendered
    compose (or stack) file (every student's has the same services)."""
    import yaml

    for s in cls.students:
        record = cls.env_record(store, s)
        if record is None:
            continue
        for name in ("compose.yaml", "stack.yaml"):
            try:
                doc = yaml.safe_load((record.workdir_path / name).read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError):
                continue
            if isinstance(doc, dict) and isinstance(doc.get("services"), dict):
                return len(doc["services"])
    return 0


def class_status(store: Store, cls: Classroom) -> list[StudentStatus]:
    """One row per student, from state plus one engine query for the whole class."""
    components = _components_by_student(store, cls)
    expected = _expected(store, cls)
    reaped = cls.settings.get("reaped_at") is not None
    rows: list[StudentStatus] = []
    for s in cls.students:
        record = cls.env_record(store, s)
        mine = components.get(s.id, [])
        ok = len([c for c in mine if c.healthy])
        total = max(expected, len(mine))
        row = StudentStatus(s.id, s.name, s.env, "missing", containers=f"{ok}/{total} healthy")
        row.node = next((c.node for c in mine if c.node), "")
        if record is not None and not row.node and record.data.swarm.node:
            row.node = f"{record.data.swarm.node_name} ({record.data.swarm.node[:12]})"
        if record is None:
            row.state = "reaped" if reaped else "missing"
        else:
            row.ports, row.error = dict(record.ports), record.error
            row.state = record.status.value
            if record.status is EnvStatus.UP:
                if any(c.state == "node down" for c in mine):
                    row.state = NODE_DOWN
                    row.error = (f"its node {row.node} is down: `labctl class reset {cls.name} {s.id}` "
                                 "re-creates the env on another node (the work on that node is lost)")
                elif not mine:
                    row.state = EnvStatus.GONE.value
                elif not any(c.running for c in mine):
                    row.state = EnvStatus.STOPPED.value
                elif ok < total:
                    row.state = EnvStatus.DEGRADED.value
        last = store.last_grade(cls.lab.id, s.env)
        if last is not None:
            row.score, row.max_score = last.score, last.max_score
            row.last_graded = datetime.fromtimestamp(last.graded_at, UTC).isoformat(timespec="seconds")
        rows.append(row)
    return rows


@dataclass
class ClassSummary:
    name: str
    lab: str
    students: int
    envs_up: int
    created_at: str
    ttl: str
    expires: str


def expiry_text(record: ClassRecord, now: float | None = None) -> str:
    now = time.time() if now is None else now
    if not record.ttl_seconds:
        return "never"
    if record.settings.get("reaped_at") is not None:
        return "reaped"
    expires = record.settings.get("expires_at")
    if expires is None:
        return f"{format_duration(record.ttl_seconds)} after `class up`"
    left = expires - now
    return "due now" if left <= 0 else f"in {format_duration(left)}"


def list_classes(store: Store) -> list[ClassSummary]:
    out: list[ClassSummary] = []
    for record in store.list_classes():
        envs = store.list_envs(class_name=record.name)
        out.append(ClassSummary(
            name=record.name, lab=record.lab, students=len(store.students(record.name)),
            envs_up=len([e for e in envs if e.status is EnvStatus.UP]),
            created_at=datetime.fromtimestamp(record.created_at, UTC).isoformat(timespec="seconds"),
            ttl=format_duration(record.ttl_seconds) if record.ttl_seconds else "none",
            expires=expiry_text(record),
        ))
    return out
