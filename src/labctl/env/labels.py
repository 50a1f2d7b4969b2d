"""The Docker labels that mark what labctl made, and for whom.

Labels are the source of truth for what an env owns: `down` sweeps by them,
so it works after a crash or with a lost state db. `io.labctl.store` scopes
every object to one labctl home, so two homes sharing an engine never touch
each other's objects.
"""

from __future__ import annotations

LABEL_PREFIX = "io.labctl"
LABEL_STORE = f"{LABEL_PREFIX}.store"
LABEL_LAB = f"{LABEL_PREFIX}.lab"
LABEL_ENV = f"{LABEL_PREFIX}.env"
LABEL_CLASS = f"{LABEL_PREFIX}.class"
LABEL_STUDENT = f"{LABEL_PREFIX}.student"
LABEL_SERVICE = f"{LABEL_PREFIX}.service"


def filters(labels: dict[str, str]) -> list[str]:
    """Docker `label` filters for objects carrying all these labels (an empty value: any value)."""
    return [f"{k}={v}" if v else k for k, v in labels.items()]


def owner_labels(store_id: str, lab_id: str, env: str, *, legacy: bool = False) -> dict[str, str]:
    """The labels that find everything an env owns (Docker label filters). Envs made before
    store ids (`legacy`) carry no store label."""
    owner = {LABEL_LAB: lab_id, LABEL_ENV: env}
    return owner if legacy else {LABEL_STORE: store_id, **owner}


def owned_by(obj_labels: dict[str, str] | None, store_id: str, *, legacy: bool = False) -> bool:
    """Whether an object with these labels belongs to this store. Objects made before labctl
    labelled its store (no store label) belong to whichever store still records them: the
    caller says so with `legacy`."""
    found = (obj_labels or {}).get(LABEL_STORE)
    if found is None:
        return legacy
    return found == store_id
