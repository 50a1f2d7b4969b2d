"""The SQLite state store: environments, classes, students, grades, hints.

stdlib sqlite3 in WAL mode, numbered migrations, one connection per Store.
State is a cache of what is really running: Docker labels remain the source
of truth for what an env owns, so a lost row can be rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labctl import paths
from labctl.env.record import EnvData, EnvRecord, EnvStatus
from labctl.errors import LabctlError, UserInputError

MIGRATIONS: list[str] = [
    # 1: environments, grades, hints
    """
    CREATE TABLE envs (
        lab TEXT NOT NULL,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        seed TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT '{}',
        ports TEXT NOT NULL DEFAULT '{}',
        data TEXT NOT NULL DEFAULT '{}',
        workdir TEXT NOT NULL,
        class_name TEXT,
        student_id TEXT,
        error TEXT,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        PRIMARY KEY (lab, name)
    );
    CREATE TABLE grades (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        lab TEXT NOT NULL,
        env TEXT NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        report TEXT NOT NULL,
        graded_at REAL NOT NULL
    );
    CREATE INDEX grades_env ON grades (lab, env, graded_at);
    CREATE TABLE hints (
        lab TEXT NOT NULL,
        env TEXT NOT NULL,
        task TEXT NOT NULL,
        level INTEGER NOT NULL,
        revealed_at REAL NOT NULL,
        PRIMARY KEY (lab, env, task, level)
    );
    CREATE TABLE solved (
        lab TEXT NOT NULL,
        env TEXT NOT NULL,
        task TEXT NOT NULL,
        solved_at REAL NOT NULL,
        PRIMARY KEY (lab, env, task)
    );
    """,
    # 2: classes and their students
    """
    CREATE TABLE classes (
        name TEXT PRIMARY KEY,
        lab TEXT NOT NULL,
        seed TEXT NOT NULL,
        ttl_seconds INTEGER,
        settings TEXT NOT NULL DEFAULT '{}',
        created_at REAL NOT NULL
    );
    CREATE TABLE students (
        class_name TEXT NOT NULL REFERENCES classes (name) ON DELETE CASCADE,
        id TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        extra TEXT NOT NULL DEFAULT '{}',
        secret TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (class_name, id)
    );
    """,
    # 3: a student's env name and SSH key (classroom access)
    """
    ALTER TABLE students ADD COLUMN env TEXT NOT NULL DEFAULT '';
    ALTER TABLE students ADD COLUMN ssh_key TEXT NOT NULL DEFAULT '';
    """,
    # 4: the store's identity (made once, see Store._ensure_identity); envs made before it
    # carry no store label on their objects and keep their old project names until removed
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    UPDATE envs SET data = json_set(data, '$.legacy', json('true'))
        WHERE json_extract(data, '$.project') IS NULL;
    """,
    # 5: access tokens of the web front end (`labctl serve`): only a digest of each secret is
    # kept; `id` is public (the token's first part) and finds the row
    """
    CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        digest TEXT NOT NULL,
        role TEXT NOT NULL,
        class_name TEXT,
        student_id TEXT,
        created_at REAL NOT NULL,
        revoked_at REAL
    );
    CREATE INDEX tokens_student ON tokens (class_name, student_id);
    """,
]
STORE_ID_KEY = "store_id"


@dataclass
class GradeRecord:
    id: int
    lab: str
    env: str
    score: float
    max_score: float
    report: dict[str, Any]
    graded_at: float


@dataclass
class TokenRecord:
    """An access token of the web front end: `role` owner (everything in this store) or student
    (one student of one class). The secret itself is never stored, only its digest."""

    id: str
    digest: str
    role: str
    class_name: str | None
    student_id: str | None
    created_at: float
    revoked_at: float | None = None


@dataclass
class ClassRecord:
    name: str
    lab: str
    seed: str
    ttl_seconds: int | None
    settings: dict[str, Any]
    created_at: float


@dataclass
class StudentRecord:
    class_name: str
    id: str
    name: str
    email: str
    extra: dict[str, str]
    secret: str
    position: int
    #: the student's env name (unique within the lab) and OpenSSH private key
    env: str = ""
    ssh_key: str = ""


#: how long a command waits for another one's write to the store before it says who holds it
BUSY_TIMEOUT = 10.0


class StoreError(LabctlError):
    """The state store cannot be used: unreadable, not a database, damaged, locked (exit 1)."""


def _holders(path: Path) -> list[str]:
    """Processes that have the store (or its WAL) open, as 'pid N (command line)'."""
    names = {str(path), f"{path}-wal", f"{path}-shm"}
    found: list[str] = []
    me = os.getpid()
    for proc in Path("/proc").glob("[0-9]*"):
        if int(proc.name) == me:
            continue
        try:
            fds = list((proc / "fd").iterdir())
            if not any(os.readlink(fd) in names for fd in fds):
                continue
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        found.append(f"pid {proc.name} ({cmd[:80]})")
    return found


def explain(exc: sqlite3.Error, path: Path) -> StoreError:
    """SQLite's words, turned into what is wrong with which file and what to do."""
    text = str(exc)
    way_out = (f"Run `labctl doctor --repair-state` (it moves {path.name} aside, keeping it, and starts a "
               f"new store with the same id), or move it aside yourself (`mv {path} {path}.broken`).")
    if "locked" in text or "busy" in text:
        holders = _holders(path)
        who = f" by {', '.join(holders)}" if holders else " by another process"
        return StoreError(f"the state store {path} stayed locked{who} for {BUSY_TIMEOUT:.0f} s.",
                          hint="Wait for that labctl command to finish (or stop it), then run yours again.")
    if "unable to open" in text:
        if path.is_dir():
            return StoreError(f"the state store {path} is a folder, not a database file.",
                              hint=f"Move it away (`mv {path} {path}.folder`) or point LABCTL_STATE_DB at a file.")
        return StoreError(f"the state store {path} cannot be opened ({text}).",
                          hint="Check that its folder exists and that you may read and write it (LABCTL_HOME, "
                          "LABCTL_STATE_DB).")
    if "not a database" in text or "malformed" in text or "corrupt" in text or "disk I/O" in text:
        return StoreError(f"the state store {path} is damaged ({text}).", hint=way_out)
    if "readonly" in text or "read-only" in text:
        return StoreError(f"the state store {path} is read-only ({text}).",
                          hint="Make it writable for your user, or point LABCTL_HOME elsewhere.")
    return StoreError(f"the state store {path} failed: {text}.", hint=way_out)


class Store:
    """Thread-safe enough for our use: one connection, a lock around writes."""

    def __init__(self, path: Path | None = None):
        self.path = path or paths.state_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserInputError(
                f"labctl cannot make its data folder {self.path.parent}: {exc.strerror or exc}.",
                hint=f"Set {paths.ENV_DATA_DIR} (or {paths.ENV_STATE_DB}) to a folder you can write to.",
            ) from None
        if self.path.is_dir():
            raise explain(sqlite3.OperationalError("unable to open database file"), self.path)
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None
            )
            self._conn.row_factory = sqlite3.Row
            self._lock = threading.RLock()
            self._conn.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a commit is not fsynced (a checkpoint is); the db cannot corrupt, and a
            # power cut loses at most the last few steps, which `up`/`down` redo (state is a cache
            # of what runs). Saves an fsync per saved step.
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
            if self.schema_version > len(MIGRATIONS):
                raise StoreError(
                    f"the state store {self.path} was written by a newer labctl (schema "
                    f"{self.schema_version}; this labctl knows {len(MIGRATIONS)}).",
                    hint="Upgrade labctl, or use another LABCTL_HOME for this version.",
                )
            self._migrate()
            self.store_id = self._ensure_identity()
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None

    # -- plumbing -----------------------------------------------------------

    def _migrate(self) -> None:
        if self.schema_version >= len(MIGRATIONS):  # the common case: no write lock, no commit
            return
        with self.transaction():
            version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version = {number}")

    def _ensure_identity(self) -> str:
        """This store's random id, made the first time (it scopes every label and name labctl
        makes on shared engines to this labctl home)."""
        row = self._conn.execute("SELECT value FROM meta WHERE key=?", (STORE_ID_KEY,)).fetchone()
        if row is not None:
            return str(row[0])
        with self.transaction() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key=?", (STORE_ID_KEY,)).fetchone()
            if row is not None:
                return str(row[0])
            store_id = secrets.token_hex(4)
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (STORE_ID_KEY, store_id))
            return store_id

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise explain(exc, self.path) from None
            try:
                yield self._conn
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise explain(exc, self.path) from None
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise explain(exc, self.path) from None

    def close(self) -> None:
        self._conn.close()

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return list(self._conn.execute(sql, args).fetchall())
            except sqlite3.Error as exc:
                raise explain(exc, self.path) from None

    # -- environments -------------------------------------------------------

    def save_env(self, env: EnvRecord) -> None:
        env.updated_at = time.time()
        with self.transaction() as conn:
            conn.execute(
                """INSERT INTO envs (lab, name, status, seed, params, ports, data, workdir,
                       class_name, student_id, error, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT (lab, name) DO UPDATE SET
                       status=excluded.status, seed=excluded.seed, params=excluded.params,
                       ports=excluded.ports, data=excluded.data, workdir=excluded.workdir,
                       class_name=excluded.class_name, student_id=excluded.student_id,
                       error=excluded.error, updated_at=excluded.updated_at""",
                (
                    env.lab, env.name, env.status.value, env.seed, json.dumps(env.params),
                    json.dumps(env.ports), json.dumps(env.data.to_dict()), env.workdir,
                    env.class_name, env.student_id, env.error, env.created_at, env.updated_at,
                ),
            )

    def _env(self, row: sqlite3.Row) -> EnvRecord:
        return EnvRecord(
            lab=row["lab"], name=row["name"], status=EnvStatus.parse(row["status"]), seed=row["seed"],
            workdir=row["workdir"], params=json.loads(row["params"]),
            ports={k: int(v) for k, v in json.loads(row["ports"]).items()},
            data=EnvData.from_dict(json.loads(row["data"])), class_name=row["class_name"],
            student_id=row["student_id"], error=row["error"],
            created_at=row["created_at"], updated_at=row["updated_at"], store=self.store_id,
        )

    def get_env(self, lab: str, name: str) -> EnvRecord | None:
        rows = self._query("SELECT * FROM envs WHERE lab=? AND name=?", (lab, name))
        return self._env(rows[0]) if rows else None

    def list_envs(self, lab: str | None = None, class_name: str | None = None) -> list[EnvRecord]:
        sql, args = "SELECT * FROM envs WHERE 1=1", []
        if lab:
            sql += " AND lab=?"
            args.append(lab)
        if class_name:
            sql += " AND class_name=?"
            args.append(class_name)
        return [self._env(r) for r in self._query(sql + " ORDER BY lab, name", tuple(args))]

    def delete_env(self, lab: str, name: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM envs WHERE lab=? AND name=?", (lab, name))
            conn.execute("DELETE FROM hints WHERE lab=? AND env=?", (lab, name))
            conn.execute("DELETE FROM solved WHERE lab=? AND env=?", (lab, name))

    # -- grades -------------------------------------------------------------

    def add_grade(self, lab: str, env: str, score: float, max_score: float,
                  report: dict[str, Any]) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO grades (lab, env, score, max_score, report, graded_at)"
                " VALUES (?,?,?,?,?,?)",
                (lab, env, score, max_score, json.dumps(report), time.time()),
            )
            return int(cur.lastrowid or 0)

    def grades(self, lab: str, env: str, limit: int = 50) -> list[GradeRecord]:
        rows = self._query(
            "SELECT * FROM grades WHERE lab=? AND env=? ORDER BY graded_at DESC, id DESC LIMIT ?",
            (lab, env, limit),
        )
        return [
            GradeRecord(r["id"], r["lab"], r["env"], r["score"], r["max_score"],
                        json.loads(r["report"]), r["graded_at"])
            for r in rows
        ]

    def lab_grades(self, lab: str, env: str | None = None) -> list[GradeRecord]:
        """Every grading run of a lab (of all its envs, or one), oldest first: grades outlive
        their env, so a learner's progress survives `down`."""
        sql, args = "SELECT * FROM grades WHERE lab=?", [lab]
        if env is not None:
            sql, args = sql + " AND env=?", [lab, env]
        rows = self._query(sql + " ORDER BY graded_at, id", tuple(args))
        return [
            GradeRecord(r["id"], r["lab"], r["env"], r["score"], r["max_score"],
                        json.loads(r["report"]), r["graded_at"])
            for r in rows
        ]

    def last_grade(self, lab: str, env: str) -> GradeRecord | None:
        found = self.grades(lab, env, limit=1)
        return found[0] if found else None

    def delete_grades(self, lab: str, env: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM grades WHERE lab=? AND env=?", (lab, env))

    # -- hints and solved tasks --------------------------------------------

    def hints_used(self, lab: str, env: str) -> dict[str, int]:
        rows = self._query(
            "SELECT task, MAX(level) AS level FROM hints WHERE lab=? AND env=? GROUP BY task",
            (lab, env),
        )
        return {r["task"]: int(r["level"]) for r in rows}

    def last_hint_at(self, lab: str, env: str) -> float | None:
        rows = self._query("SELECT MAX(revealed_at) AS at FROM hints WHERE lab=? AND env=?", (lab, env))
        return float(rows[0]["at"]) if rows and rows[0]["at"] is not None else None

    def last_grade_ids(self, lab: str) -> dict[str, int]:
        """env -> id of its latest grading run, for every env of a lab (one query: a class view
        polls it to see grades made by other processes)."""
        rows = self._query("SELECT env, MAX(id) AS id FROM grades WHERE lab=? GROUP BY env", (lab,))
        return {r["env"]: int(r["id"]) for r in rows}

    def record_hint(self, lab: str, env: str, task: str, level: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO hints (lab, env, task, level, revealed_at) VALUES (?,?,?,?,?)",
                (lab, env, task, level, time.time()),
            )

    def mark_solved(self, lab: str, env: str, task: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO solved (lab, env, task, solved_at) VALUES (?,?,?,?)",
                (lab, env, task, time.time()),
            )

    def solved_tasks(self, lab: str, env: str) -> set[str]:
        rows = self._query("SELECT task FROM solved WHERE lab=? AND env=?", (lab, env))
        return {r["task"] for r in rows}

    # -- classes ------------------------------------------------------------

    def create_class(self, cls: ClassRecord, students: list[StudentRecord]) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO classes (name, lab, seed, ttl_seconds, settings, created_at)"
                " VALUES (?,?,?,?,?,?)",
                (cls.name, cls.lab, cls.seed, cls.ttl_seconds, json.dumps(cls.settings),
                 cls.created_at),
            )
            conn.executemany(
                "INSERT INTO students (class_name, id, name, email, extra, secret, position, env,"
                " ssh_key) VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    (cls.name, s.id, s.name, s.email, json.dumps(s.extra), s.secret, s.position,
                     s.env, s.ssh_key)
                    for s in students
                ],
            )

    def get_class(self, name: str) -> ClassRecord | None:
        rows = self._query("SELECT * FROM classes WHERE name=?", (name,))
        if not rows:
            return None
        r = rows[0]
        return ClassRecord(r["name"], r["lab"], r["seed"], r["ttl_seconds"],
                           json.loads(r["settings"]), r["created_at"])

    def list_classes(self) -> list[ClassRecord]:
        return [
            ClassRecord(r["name"], r["lab"], r["seed"], r["ttl_seconds"],
                        json.loads(r["settings"]), r["created_at"])
            for r in self._query("SELECT * FROM classes ORDER BY created_at")
        ]

    def students(self, class_name: str) -> list[StudentRecord]:
        rows = self._query(
            "SELECT * FROM students WHERE class_name=? ORDER BY position, id", (class_name,)
        )
        return [
            StudentRecord(r["class_name"], r["id"], r["name"], r["email"],
                          json.loads(r["extra"]), r["secret"], r["position"], r["env"],
                          r["ssh_key"])
            for r in rows
        ]

    def update_class_settings(self, name: str, settings: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE classes SET settings=? WHERE name=?", (json.dumps(settings), name))

    def delete_class(self, name: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM tokens WHERE class_name=?", (name,))
            conn.execute("DELETE FROM students WHERE class_name=?", (name,))
            conn.execute("DELETE FROM classes WHERE name=?", (name,))

    # -- web access tokens (labctl.classroom.tokens makes and checks them) ---------

    def add_token(self, token: TokenRecord, *, revoke_others: bool = False) -> None:
        """Store a token; with `revoke_others`, revoke the other live tokens of the same role,
        class and student in the same transaction (a rotation)."""
        with self.transaction() as conn:
            if revoke_others:
                conn.execute(
                    "UPDATE tokens SET revoked_at=? WHERE revoked_at IS NULL AND role=?"
                    " AND class_name IS ? AND student_id IS ?",
                    (time.time(), token.role, token.class_name, token.student_id),
                )
            conn.execute(
                "INSERT INTO tokens (id, digest, role, class_name, student_id, created_at, revoked_at)"
                " VALUES (?,?,?,?,?,?,?)",
                (token.id, token.digest, token.role, token.class_name, token.student_id,
                 token.created_at, token.revoked_at),
            )

    def get_token(self, token_id: str) -> TokenRecord | None:
        rows = self._query("SELECT * FROM tokens WHERE id=?", (token_id,))
        return self._token(rows[0]) if rows else None

    def tokens(self, *, role: str | None = None, class_name: str | None = None,
               live: bool = True) -> list[TokenRecord]:
        sql, args = "SELECT * FROM tokens WHERE 1=1", []
        if role:
            sql += " AND role=?"
            args.append(role)
        if class_name:
            sql += " AND class_name=?"
            args.append(class_name)
        if live:
            sql += " AND revoked_at IS NULL"
        return [self._token(r) for r in self._query(sql + " ORDER BY created_at", tuple(args))]

    def revoke_token(self, token_id: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE tokens SET revoked_at=? WHERE id=? AND revoked_at IS NULL",
                         (time.time(), token_id))

    @staticmethod
    def _token(r: sqlite3.Row) -> TokenRecord:
        return TokenRecord(r["id"], r["digest"], r["role"], r["class_name"], r["student_id"],
                           r["created_at"], r["revoked_at"])
