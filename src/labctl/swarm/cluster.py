"""The swarm as labctl sees it: this node's role, the nodes, their engines and reservations.

labctl talks to the swarm through the engine it runs on, which must be a manager (stacks are
deployed there). Each node's own engine is reached at the endpoint the instructor configured
(labctl.swarm.config); the node labctl runs on is this machine's engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from labctl import docker_engine
from labctl.errors import PrerequisiteError, UserInputError
from labctl.swarm import config as config_mod

INIT_HINT = (
    "Make this machine a swarm manager: `docker swarm init --advertise-addr ADDRESS "
    "--default-addr-pool 10.214.0.0/16` (a pool that overlaps neither labctl's class subnet "
    "pool 10.213.0.0/16 nor your networks), then join the other nodes with the command "
    "`docker swarm join-token worker` prints. See docs/classroom.md, *Classes on Docker Swarm*."
)


@dataclass(frozen=True)
class Endpoint:
    """How labctl reaches one node's Docker engine ("" url: this machine's engine)."""

    url: str = ""
    cert_path: str = ""

    @property
    def local(self) -> bool:
        return not self.url

    def env(self) -> dict[str, str]:
        """DOCKER_HOST and TLS variables for processes that talk to this engine."""
        if self.local:
            return {}
        out = {"DOCKER_HOST": self.url}
        if self.cert_path:
            out |= {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": self.cert_path}
        return out

    def cli(self) -> list[str]:
        """The head of a docker CLI command line aimed at this engine."""
        if self.local:
            return ["docker"]
        head = ["docker", "-H", self.url]
        if self.cert_path:
            head += ["--tlsverify", "--tlscacert", f"{self.cert_path}/ca.pem",
                     "--tlscert", f"{self.cert_path}/cert.pem", "--tlskey", f"{self.cert_path}/key.pem"]
        return head

    def client(self) -> Any:
        if self.local:
            return docker_engine.client()
        return docker_engine.client_at(self.url, self.cert_path or None)

    def describe(self) -> str:
        return self.url or "this machine's engine"

    @classmethod
    def from_env(cls, env: dict[str, str]) -> Endpoint:
        return cls(env.get("DOCKER_HOST", ""), env.get("DOCKER_CERT_PATH", ""))


@dataclass
class Node:
    id: str
    hostname: str
    role: str
    #: ready | down | unknown | disconnected
    state: str
    #: active | pause | drain
    availability: str
    #: the address it joined the swarm with
    addr: str
    memory: int
    cpus: float
    is_self: bool
    #: how labctl reaches its engine (None: not configured)
    endpoint: Endpoint | None = None
    #: what students connect to for envs on it (configured, else its swarm address)
    address: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return self.state == "ready" and self.availability == "active"

    @property
    def usable(self) -> bool:
        """labctl can place students here: ready, active, and its engine reachable."""
        return self.ready and self.endpoint is not None

    @property
    def label(self) -> str:
        return f"{self.hostname} ({self.id[:12]})"


def swarm_info() -> dict[str, Any]:
    return dict(docker_engine.client().info().get("Swarm") or {})


def require_manager() -> str:
    """This engine's node id; PrerequisiteError unless it is an active swarm manager."""
    info = swarm_info()
    if info.get("LocalNodeState") != "active":
        raise PrerequisiteError("this Docker engine is not part of a swarm (a class on --engine swarm "
                                "needs one).", hint=INIT_HINT)
    if not info.get("ControlAvailable"):
        raise PrerequisiteError(
            "this Docker engine is a swarm worker; labctl must run on a manager (stacks are deployed there).",
            hint="Run labctl on a manager node, or promote this one: `docker node promote NODE` on a manager.",
        )
    return str(info.get("NodeID"))


def _settings_for(node: Node, settings: config_mod.SwarmSettings,
                  hostnames: dict[str, int]) -> config_mod.NodeSettings | None:
    found = settings.nodes.get(node.id)
    if found is None and hostnames.get(node.hostname) == 1:
        found = settings.nodes.get(node.hostname)
    return found


def nodes(settings: config_mod.SwarmSettings | None = None) -> list[Node]:
    """Every node of the swarm, with its engine endpoint and student address from the settings."""
    me = require_manager()
    settings = settings or config_mod.load()
    raw = docker_engine.client().api.nodes()
    hostnames: dict[str, int] = {}
    for n in raw:
        name = str((n.get("Description") or {}).get("Hostname", ""))
        hostnames[name] = hostnames.get(name, 0) + 1
    out: list[Node] = []
    for n in raw:
        desc = n.get("Description") or {}
        res = desc.get("Resources") or {}
        spec = n.get("Spec") or {}
        status = n.get("Status") or {}
        node = Node(
            id=str(n["ID"]), hostname=str(desc.get("Hostname", "")), role=str(spec.get("Role", "")),
            state=str(status.get("State", "unknown")), availability=str(spec.get("Availability", "")),
            addr=str(status.get("Addr", "")), memory=int(res.get("MemoryBytes") or 0),
            cpus=int(res.get("NanoCPUs") or 0) / 1e9, is_self=n["ID"] == me,
            labels=dict(spec.get("Labels") or {}),
        )
        mine = _settings_for(node, settings, hostnames)
        if node.is_self:
            node.endpoint = Endpoint()
        elif mine is not None and mine.endpoint:
            node.endpoint = Endpoint(mine.endpoint, mine.cert_path or "")
        node.address = (mine.address if mine and mine.address else "") or node.addr
        out.append(node)
    return sorted(out, key=lambda n: (not n.is_self, n.hostname, n.id))


def node(node_id: str, settings: config_mod.SwarmSettings | None = None) -> Node | None:
    return next((n for n in nodes(settings) if n.id == node_id), None)


def endpoint_for(node_id: str) -> Endpoint:
    """The engine of the node running an env; a clear error if labctl cannot reach it."""
    found = node(node_id)
    if found is None:
        raise UserInputError(f"swarm node {node_id} is not part of the swarm any more.",
                             hint="Re-create the env elsewhere with `labctl class reset CLASS STUDENT`.")
    if found.endpoint is None:
        raise UserInputError(
            f"labctl has no endpoint for the Docker engine of swarm node {found.label}.",
            hint=f"Tell it how to reach that engine: `labctl swarm endpoint {found.id} ssh://USER@HOST` "
            "(or tcp://HOST:2376 with --cert-path DIR).",
        )
    return found.endpoint


@dataclass
class Usage:
    """What running tasks have reserved on a node."""

    memory: int = 0
    cpus: float = 0.0
    containers: int = 0


def reservations() -> dict[str, Usage]:
    """node id -> what the tasks meant to run there reserve (every service on the swarm)."""
    used: dict[str, Usage] = {}
    for task in docker_engine.client().api.tasks(filters={"desired-state": "running"}):
        node_id = task.get("NodeID")
        if not node_id:
            continue
        res = ((task.get("Spec") or {}).get("Resources") or {}).get("Reservations") or {}
        usage = used.setdefault(node_id, Usage())
        usage.memory += int(res.get("MemoryBytes") or 0)
        usage.cpus += int(res.get("NanoCPUs") or 0) / 1e9
        usage.containers += 1
    return used
