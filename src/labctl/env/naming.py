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
#: swarm services are `<stack>_<service>`, a DNS label of at most 63 characters: a stack name
#: this long leaves 22 characters for a lab's service names
MAX_STACK_NAME = 40


def project_name(store_id: str, lab: str, env: str) -> str:
    return f"{PREFIX}-{store_id}-{lab}--{env}"


def legacy_project_name(lab: str, env: str) -> str:
    """What envs made before store ids were called (`labctl-<lab>-<env>`, sanitised)."""
    return re.sub(r"[^a-z0-9-]", "-", f"{PREFIX}-{lab}-{env}".lower())


def _fit(project: str, limit: int) -> str:
    if len(project) <= limit:
        return project
    digest = hashlib.sha256(project.encode()).hexdigest()[:16]
    return f"{project[: limit - 17].rstrip('-')}-{digest}"


def cluster_name(project: str) -> str:
    """A kind cluster name for a project: the project itself when it fits, else a stable digest."""
    return _fit(project, MAX_CLUSTER_NAME)


def stack_name(project: str) -> str:
    """A swarm stack name for a project (it keeps the `labctl-<store>-` head: names on a shared
    swarm carry the store id), the project itself when it fits, else shortened with a digest."""
    return _fit(project, MAX_STACK_NAME)


def store_prefix(store_id: str) -> str:
    """The head every name a store makes on a shared engine starts with."""
    return f"{PREFIX}-{store_id}-"
