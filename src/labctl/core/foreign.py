"""Removing what ANOTHER labctl home made on this engine, when the user names it.

Every object labctl makes carries its store's id, and nothing labctl does on its own ever
touches another store's objects. An instructor cleaning up after a deleted labctl home (or
a CI job that died) names the env and that store's id (`labctl status --all-stores` shows
them); `legacy` names objects made before store ids existed.
"""

from __future__ import annotations

import re

from labctl.backends.base import backend_class
from labctl.env.context import Progress, no_progress
from labctl.env.labels import owner_labels
from labctl.errors import UserInputError
from labctl.spec.loader import Lab
from labctl.state import Store

LEGACY = "legacy"
_STORE_ID = re.compile(r"[0-9a-f]{8}")


def down_foreign(store: Store, lab: Lab, env: str, store_id: str, progress: Progress = no_progress) -> int:
    """Remove env `env` of lab `lab` that store `store_id` made; how many objects went."""
    if store_id == store.store_id:
        raise UserInputError(f"--store {store_id} is this labctl home's own id; drop --store to remove "
                             "one of your own envs.")
    legacy = store_id == LEGACY
    if not legacy and not _STORE_ID.fullmatch(store_id):
        raise UserInputError(f"--store '{store_id}' is not a store id (8 hex digits, as `labctl status "
                             f"--all-stores` shows them) or '{LEGACY}'.")
    # legacy: objects with no store label, swept by lab/env; every labelled one is kept
    owner = owner_labels(store_id, lab.id, env, legacy=legacy)
    removed = 0
    for name in lab.spec.environment.backends():
        progress(f"removing the {name} objects of store {store_id}")
        removed += backend_class(name).sweep(owner, store_id="" if legacy else store_id, legacy=legacy)
    return removed
