"""Remove the envs of classes whose time is up.

A class's TTL counts from its first `class up`. `reap` brings down every env
of an expired class and remembers when, but keeps the class, its roster and
its grades, so the gradebook can still be exported; `class up` starts the
clock again. It is cheap when nothing expired (one state query), so every
`labctl class` command runs it first, and it can run from cron:

    */10 * * * *  labctl class reap --quiet
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from labctl.classroom.classes import open_class
from labctl.classroom.provision import class_down, sweep_class
from labctl.errors import LabctlError, NotFoundError
from labctl.state import ClassRecord, Store


@dataclass
class Reaped:
    class_name: str
    envs: int
    error: str = ""


def expired(record: ClassRecord, now: float) -> bool:
    expires = record.settings.get("expires_at")
    return bool(record.ttl_seconds and expires is not None and expires <= now
                and record.settings.get("reaped_at") is None)


def reap(store: Store, *, now: float | None = None, search_path: list[Path] | None = None) -> list[Reaped]:
    """Bring down the envs of every class past its TTL; report what was removed."""
    now = time.time() if now is None else now
    done: list[Reaped] = []
    for record in store.list_classes():
        if not expired(record, now):
            continue
        try:
            try:
                cls = open_class(store, record.name, search_path)
            except NotFoundError:  # its lab is gone: remove what the labels and state know
                count = sweep_class(store, record.name, forget=False)
            else:
                count = len([s for s in cls.students if cls.env_record(store, s) is not None])
                class_down(store, cls, forget=False)
        except LabctlError as exc:
            done.append(Reaped(record.name, 0, exc.message))
            continue
        record.settings["reaped_at"] = now
        store.update_class_settings(record.name, record.settings)
        done.append(Reaped(record.name, count))
    return done
