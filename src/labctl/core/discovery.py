"""Find environments from what really runs (Docker labels), for state that was lost."""

from __future__ import annotations

from typing import Any

from labctl.backends.base import LABEL_ENV, LABEL_LAB
from labctl.errors import PrerequisiteError
from labctl.state import Store


def _labelled_containers(lab: str | None) -> list[Any]:
    from labctl import docker_engine

    try:
        client = docker_engine.client()
    except PrerequisiteError:
        return []
    label = [f"{LABEL_LAB}={lab}"] if lab else [LABEL_LAB]
    return list(client.containers.list(all=True, ignore_removed=True, filters={"label": label}))


def discovered_envs(lab: str) -> set[str]:
    return {c.labels.get(LABEL_ENV, "") for c in _labelled_containers(lab)} - {""}


def untracked_envs(store: Store, lab: str | None = None) -> list[dict[str, Any]]:
    """Envs that have labelled containers but no state row (a crash, a deleted state db)."""
    counts: dict[tuple[str, str], int] = {}
    for c in _labelled_containers(lab):
        key = (c.labels.get(LABEL_LAB, ""), c.labels.get(LABEL_ENV, ""))
        counts[key] = counts.get(key, 0) + 1
    return [
        {"lab": lab_id, "env": env, "containers": n}
        for (lab_id, env), n in sorted(counts.items())
        if store.get_env(lab_id, env) is None
    ]
