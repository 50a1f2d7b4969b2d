"""The names an env's things get on shared engines: compose projects, kind clusters.

`labctl-<store>-<lab>--<env>`: the store id keeps two labctl homes on one
engine apart, and `--` (which no lab id or env name may contain; see
labctl.spec.names) keeps `lab a-b, env c` apart from `lab a, env b-c`. Envs
made before store ids existed keep their old `labctl-<lab>-<env>` name until
they are removed.
"""

from __future__ import annotations

import hashlib
import re

PREFIX = "labctl"
#: kind node containers are named `<cluster>-control-plane` and must fit a 63-char host name
MAX_CLUSTER_NAME = 49


def project_name(store_id: str, lab: str, env: str) -> str:
    return f"{PREFIX}-{store_id}-{lab}--{env}"


def legacy_project_name(lab: str, env: str) -> str:
    """What envs made before store ids were called (`labctl-<lab>-<env>`, sanitised)."""
    return re.sub(r"[^a-z0-9-]", "-", f"{PREFIX}-{lab}-{env}".lower())


def cluster_name(project: str) -> str:
    """A kind cluster name for a project: the project itself when it fits, else a stable digest."""
    if len(project) <= MAX_CLUSTER_NAME:
        return project
    digest = hashlib.sha256(project.encode()).hexdigest()[:16]
    return f"{project[: MAX_CLUSTER_NAME - 17].rstrip('-')}-{digest}"
