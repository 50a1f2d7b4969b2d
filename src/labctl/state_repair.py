"""`labctl doctor --repair-state`: a damaged state store is moved aside (kept), never deleted.

The new store keeps the old one's id when it can be read (from the old db's `meta` table,
or from the `io.labctl.store` label in a rendered compose file of an env's workdir), so
what the old store made on the engine is still this labctl home's: `labctl status` lists
it as untracked and `labctl down` removes it.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from labctl import paths
from labctl.state import STORE_ID_KEY, Store

_LABEL = re.compile(r"io\.labctl\.store['\"]?\s*[:=]\s*['\"]?([0-9a-f]{8})")


@dataclass
class RepairResult:
    moved_to: Path | None
    store_id: str
    kept_id: bool
    #: where the id came from: the old db, an env's compose file, or nowhere (a new id)
    source: str


def _old_id(db: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key=?", (STORE_ID_KEY,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row and re.fullmatch(r"[0-9a-f]{8}", str(row[0])) else None


def _id_from_workdirs() -> str | None:
    envs = paths.envs_dir()
    if not envs.is_dir():
        return None
    for compose in sorted(envs.glob("*/*/compose.yaml")):
        try:
            match = _LABEL.search(compose.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if match:
            return match.group(1)
    return None


def repair(db: Path | None = None) -> RepairResult:
    """Move a damaged store aside and start a new one, keeping the store id if it can be read."""
    db = db or paths.state_db_path()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    moved: Path | None = None
    found = _old_id(db) if db.is_file() else None
    source = "the old store" if found else ""
    if found is None:
        found = _id_from_workdirs()
        source = "an env's compose file" if found else "nowhere (a new id)"
    if db.exists():
        moved = db.with_name(f"{db.name}.broken-{stamp}")
        db.rename(moved)
        for suffix in ("-wal", "-shm"):
            side = db.with_name(db.name + suffix)
            if side.exists():
                side.rename(moved.with_name(moved.name + suffix))
    store = Store(db)
    if found and store.store_id != found:
        with store.transaction() as conn:
            conn.execute("UPDATE meta SET value=? WHERE key=?", (found, STORE_ID_KEY))
        store.store_id = found
    store.close()
    return RepairResult(moved, found or store.store_id, found is not None, source)
