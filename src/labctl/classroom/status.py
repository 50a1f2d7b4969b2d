"""`class status` and `class list`: what each student's env is doing, and their last grade."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from labctl.backends.healthprobe import container_healthy
from labctl.classroom.classes import Classroom, format_duration
from labctl.env.labels import LABEL_CLASS, LABEL_STUDENT, owned_by
from labctl.env.record import EnvStatus
from labctl.errors import PrerequisiteError
from labctl.state import ClassRecord, Store


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


def _containers_by_student(store: Store, class_name: str) -> dict[str, list[Any]]:
    from labctl import docker_engine

    try:
        client = docker_engine.client()
    except PrerequisiteError:
        return {}
    legacy = any(e.data.legacy for e in store.list_envs(class_name=class_name))
    found: dict[str, list[Any]] = {}
    for c in client.containers.list(all=True, ignore_removed=True, filters={"label": f"{LABEL_CLASS}={class_name}"}):
        if owned_by(c.labels, store.store_id, legacy=legacy):
            found.setdefault(c.labels.get(LABEL_STUDENT, ""), []).append(c)
    return found


def _expected(store: Store, cls: Classroom) -> int:
    """How many containers a student's env has when it is whole: the services of a rendered
    compose file (every student's has the same services)."""
    import yaml

    for s in cls.students:
        record = cls.env_record(store, s)
        if record is None:
            continue
        try:
            doc = yaml.safe_load((record.workdir_path / "compose.yaml").read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(doc, dict) and isinstance(doc.get("services"), dict):
            return len(doc["services"])
    return 0


def class_status(store: Store, cls: Classroom) -> list[StudentStatus]:
    """One row per student, from state plus one Docker query for the whole class."""
    containers = _containers_by_student(store, cls.name)
    expected = _expected(store, cls)
    reaped = cls.settings.get("reaped_at") is not None
    rows: list[StudentStatus] = []
    for s in cls.students:
        record = cls.env_record(store, s)
        mine = containers.get(s.id, [])
        ok = len([c for c in mine if container_healthy(c)])
        total = max(expected, len(mine))
        row = StudentStatus(s.id, s.name, s.env, "missing", containers=f"{ok}/{total} healthy")
        if record is None:
            row.state = "reaped" if reaped else "missing"
        else:
            row.ports, row.error = dict(record.ports), record.error
            row.state = record.status.value
            if record.status is EnvStatus.UP:
                if not mine:
                    row.state = EnvStatus.GONE.value
                elif not any(c.status == "running" for c in mine):
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
