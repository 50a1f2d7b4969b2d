"""Find environments from what really runs (Docker labels), for state that was lost.

Every object carries its store's id (`io.labctl.store`), so a labctl home sees its own
envs and, on request, other homes' envs on the same engine, read-only; objects made
before store ids existed carry none (legacy).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from labctl.env.labels import LABEL_ENV, LABEL_LAB, LABEL_STORE
from labctl.errors import PrerequisiteError
from labctl.state import Store

#: the store column of a legacy object (made before store ids)
LEGACY = ""


@dataclass(frozen=True)
class FoundEnv:
    store: str
    lab: str
    env: str
    containers: int

    @property
    def legacy(self) -> bool:
        return self.store == LEGACY

    def to_dict(self) -> dict[str, Any]:
        return {"store": self.store or None, "lab": self.lab, "env": self.env,
                "containers": self.containers, "legacy": self.legacy}


def _labelled_containers(lab: str | None) -> list[Any]:
    from labctl import docker_engine

    try:
        client = docker_engine.client()
    except PrerequisiteError:
        return []
    label = [f"{LABEL_LAB}={lab}"] if lab else [LABEL_LAB]
    return list(client.containers.list(all=True, ignore_removed=True, filters={"label": label}))


def found_envs(lab: str | None = None) -> list[FoundEnv]:
    """Every env with labelled containers on this engine, whichever store made it."""
    counts: dict[tuple[str, str, str], int] = {}
    for c in _labelled_containers(lab):
        labels = c.labels or {}
        key = (labels.get(LABEL_STORE, LEGACY), labels.get(LABEL_LAB, ""), labels.get(LABEL_ENV, ""))
        if key[2]:
            counts[key] = counts.get(key, 0) + 1
    return [FoundEnv(store, lab_id, env, n) for (store, lab_id, env), n in sorted(counts.items())]


def discovered_envs(store: Store, lab: str) -> set[str]:
    """Env names of this lab that this store's objects (or legacy ones it records) belong to."""
    recorded = {e.name for e in store.list_envs(lab)}
    return {f.env for f in found_envs(lab)
            if f.store == store.store_id or (f.legacy and f.env in recorded)}


def untracked_envs(store: Store, lab: str | None = None) -> list[FoundEnv]:
    """This store's envs that have labelled containers but no state row (a crash, a lost db)."""
    return [f for f in found_envs(lab)
            if f.store == store.store_id and store.get_env(f.lab, f.env) is None]


def other_stores_envs(store: Store, lab: str | None = None) -> list[FoundEnv]:
    """Envs on this engine that other labctl homes made (and legacy ones no env of ours records):
    shown read-only by `status --all-stores`, never removed unless named with `--store`."""
    return [f for f in found_envs(lab)
            if f.store != store.store_id and not (f.legacy and store.get_env(f.lab, f.env) is not None)]
