"""Access tokens of the web front end (`labctl serve`): personal links that hold.

A token is `<id>.<secret>`: `id` (public, 16 hex digits) finds its row, and
only a SHA-256 digest of `secret` (256 random bits) is stored, compared in
constant time (hmac.compare_digest). A token is shown once, when it is made;
a lost one is replaced (`labctl class access NAME --rotate`), which revokes
the old one at once.

Roles:
- `owner`: the person who runs `labctl serve` (the instructor, or a learner on
  their own machine): every env and class of this labctl home. `serve` makes a
  fresh one each time it starts and revokes it when it stops.
- `student`: one student of one class: their own env's page, terminal, checks
  and scores, nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import Literal

from labctl.classroom.classes import Classroom
from labctl.state import Store, TokenRecord

Role = Literal["owner", "student"]
OWNER: Role = "owner"
STUDENT: Role = "student"
TOKEN_SHAPE = re.compile(r"^([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$")
#: compared against when a token's id is unknown, so that case costs the same
_DUMMY_DIGEST = hashlib.sha256(b"labctl-no-such-token").hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who a verified token speaks for."""

    role: Role
    token_id: str
    class_name: str | None = None
    student_id: str | None = None

    @property
    def is_owner(self) -> bool:
        return self.role == OWNER


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new(role: Role, class_name: str | None = None, student_id: str | None = None) -> tuple[str, TokenRecord]:
    token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    record = TokenRecord(id=token_id, digest=digest(secret), role=role, class_name=class_name,
                         student_id=student_id, created_at=time.time())
    return f"{token_id}.{secret}", record


def issue_owner_token(store: Store) -> tuple[str, str]:
    """A new owner token: (token, its id). The caller shows it once and revokes it when done."""
    token, record = _new(OWNER)
    store.add_token(record)
    return token, record.id


def revoke(store: Store, token_id: str) -> None:
    store.revoke_token(token_id)


@dataclass
class StudentLink:
    student_id: str
    #: the token, if it was made now (shown once); None: one made earlier is still live
    token: str | None
    issued_at: float


def student_links(store: Store, cls: Classroom, *, rotate: bool = False,
                  students: list[str] | None = None) -> list[StudentLink]:
    """Each (chosen) student's web token: made for those who have none, and with `rotate` made
    anew for every chosen student (their old link stops working at once). Tokens made earlier
    cannot be shown again: only their digest is stored."""
    chosen = [cls.student(s) for s in students] if students else list(cls.students)
    live = {t.student_id: t for t in store.tokens(role=STUDENT, class_name=cls.name)}
    out: list[StudentLink] = []
    for s in chosen:
        existing = live.get(s.id)
        if existing is not None and not rotate:
            out.append(StudentLink(s.id, None, existing.created_at))
            continue
        token, record = _new(STUDENT, cls.name, s.id)
        store.add_token(record, revoke_others=True)
        out.append(StudentLink(s.id, token, record.created_at))
    return out


def verify(store: Store, token: str | None) -> Principal | None:
    """The principal a token speaks for, or None (malformed, unknown, revoked, or its class or
    student is gone). Constant-time in the secret."""
    if not token:
        return None
    match = TOKEN_SHAPE.match(token.strip())
    if match is None:
        return None
    token_id, secret = match.groups()
    record = store.get_token(token_id)
    good = hmac.compare_digest(record.digest if record else _DUMMY_DIGEST, digest(secret))
    if record is None or not good or record.revoked_at is not None:
        return None
    if record.role == STUDENT:
        if not record.class_name or not record.student_id:
            return None
        if not any(s.id == record.student_id for s in store.students(record.class_name)):
            return None
        return Principal(STUDENT, record.id, record.class_name, record.student_id)
    if record.role == OWNER:
        return Principal(OWNER, record.id)
    return None
