"""Who is asking, and what they may reach.

Every HTTP route and WebSocket of the app goes through here. A token arrives
as the `labctl_token` cookie (set by `/login?token=...`, HttpOnly, SameSite
Strict) or as `Authorization: Bearer TOKEN` (scripts). A student's token
reaches their own env only: any other env, class or terminal answers 404,
the same as one that does not exist, so ids cannot be probed. Requests that
change something, and WebSocket handshakes, must come from the app's own
origin when the browser names one (no cross-site requests riding on the
cookie).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from starlette.requests import HTTPConnection

from labctl.classroom.tokens import Principal, verify
from labctl.errors import LabctlError

if TYPE_CHECKING:
    from labctl.classroom.classes import Classroom
    from labctl.env.record import EnvRecord
    from labctl.spec.loader import Lab
    from labctl.state import StudentRecord
    from labctl.web.app import Server

COOKIE = "labctl_token"


class Denied(Exception):
    """Answered as `status` with a short text; 404 for anything a principal may not see."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def NOT_FOUND() -> Denied:
    return Denied(404, "not found")


def token_of(conn: HTTPConnection) -> str | None:
    header = conn.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return conn.cookies.get(COOKIE)


def principal_of(server: Server, conn: HTTPConnection) -> Principal | None:
    principal = verify(server.store, token_of(conn))
    if principal is None:
        return None
    if principal.class_name is not None and not server.serves_class(principal.class_name):
        return None
    return principal


def same_origin(conn: HTTPConnection) -> bool:
    """False when a browser says the request comes from another site."""
    origin = conn.headers.get("origin")
    if origin is None:  # browsers name it on every POST and WebSocket handshake; scripts need not
        return True
    return origin != "null" and urlsplit(origin).netloc.lower() == conn.headers.get("host", "").lower()


def require(server: Server, conn: HTTPConnection) -> Principal:
    principal = principal_of(server, conn)
    if principal is None:
        raise Denied(401, "this page needs your personal link (a token); ask your instructor for it")
    return principal


def require_owner(server: Server, conn: HTTPConnection) -> Principal:
    principal = require(server, conn)
    if not principal.is_owner:
        raise NOT_FOUND()
    return principal


@dataclass
class EnvAccess:
    """An env a principal may reach, with what the routes need about it."""

    principal: Principal
    lab: Lab
    record: EnvRecord
    classroom: Classroom | None
    student: StudentRecord | None

    @property
    def watching(self) -> bool:
        """The owner looking at a student's env (their terminal attaches read-only by default)."""
        return self.principal.is_owner and self.student is not None


def env_access(server: Server, conn: HTTPConnection, lab_id: str, env: str) -> EnvAccess:
    principal = require(server, conn)
    if not principal.is_owner:
        assert principal.class_name is not None and principal.student_id is not None
        theirs = server.classroom(principal.class_name)
        me = next((s for s in theirs.students if s.id == principal.student_id), None)
        if me is None or theirs.lab.id != lab_id or me.env != env:
            raise NOT_FOUND()
    record = server.store.get_env(lab_id, env)
    if record is None:
        raise NOT_FOUND()
    cls: Classroom | None = None
    student: StudentRecord | None = None
    if record.class_name:
        if not server.serves_class(record.class_name):
            raise NOT_FOUND()
        cls = server.classroom(record.class_name)
        student = next((s for s in cls.students if s.env == env), None)
        if principal.class_name is not None and (principal.class_name != cls.name or student is None
                                                 or student.id != principal.student_id):
            raise NOT_FOUND()
        lab = cls.lab
    else:  # a learner's own env: the owner's only
        try:
            lab = server.lab_of(record)
        except LabctlError as exc:
            raise Denied(404, f"lab {lab_id} cannot be loaded: {exc.message}") from None
    return EnvAccess(principal, lab, record, cls, student)
