from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from labctl.env.record import EnvData, EnvRecord, EnvStatus
from labctl.state import MIGRATIONS, ClassRecord, Store, StudentRecord


def test_migrations_run_once_and_record_version(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    store = Store(db)
    assert store.schema_version == len(MIGRATIONS)
    store.close()
    store = Store(db)  # reopening must not re-run migrations
    assert store.schema_version == len(MIGRATIONS)
    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_env_round_trip_and_update(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    rec = EnvRecord(lab="basic", name="default", status=EnvStatus.CREATING, seed="abc", workdir="/w",
                    params={"a": 1}, ports={"web": 8080}, data=EnvData(images={"app": "x"}))
    store.save_env(rec)
    rec.status = EnvStatus.UP
    store.save_env(rec)
    got = store.get_env("basic", "default")
    assert got is not None
    assert (got.status, got.params, got.ports, got.data.images) == (EnvStatus.UP, {"a": 1}, {"web": 8080}, {"app": "x"})
    assert [e.name for e in store.list_envs("basic")] == ["default"]
    store.delete_env("basic", "default")
    assert store.get_env("basic", "default") is None


def test_grades_hints_solved(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    store.add_grade("basic", "default", 3, 10, {"tasks": []})
    store.add_grade("basic", "default", 7, 10, {"tasks": []})
    assert [g.score for g in store.grades("basic", "default")] == [7, 3]
    last = store.last_grade("basic", "default")
    assert last is not None and last.score == 7
    store.record_hint("basic", "default", "t1", 1)
    store.record_hint("basic", "default", "t1", 2)
    store.record_hint("basic", "default", "t1", 2)
    assert store.hints_used("basic", "default") == {"t1": 2}
    store.mark_solved("basic", "default", "t1")
    assert store.solved_tasks("basic", "default") == {"t1"}


def test_classes_and_students(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    store.create_class(
        ClassRecord("c1", "basic", "seed", 3600, {}, 0.0),
        [StudentRecord("c1", "s1", "Ann", "a@x", {"group": "A"}, "pw", 0)],
    )
    cls = store.get_class("c1")
    assert cls is not None and cls.ttl_seconds == 3600
    assert store.students("c1")[0].extra == {"group": "A"}
    store.delete_class("c1")
    assert store.get_class("c1") is None and store.students("c1") == []


def test_concurrent_writers(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")

    def write(i: int) -> None:
        for j in range(20):
            store.save_env(EnvRecord(lab="l", name=f"e{i}-{j}", status=EnvStatus.UP, seed="", workdir="/"))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.list_envs("l")) == 160


def test_state_location_override(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LABCTL_STATE_DB", str(tmp_path / "elsewhere.db"))
    store = Store()
    assert store.path == tmp_path / "elsewhere.db" and store.path.exists()
