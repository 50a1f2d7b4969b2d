"""Which node a student's stack runs on: the usable node with the most free memory.

Every container of an env reserves memory on its node (its memory limit, or the class's
`--reserve-memory`), so Swarm never overcommits a node, and labctl pins the whole env to
one node (its containers share volumes and folders there). Placing each new env on the
node with the most memory left spreads a class over the nodes by capacity; a node that
cannot take one more env is never chosen, and when none can, the class says so before
anything starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labctl.errors import LabctlError


@dataclass(frozen=True)
class Demand:
    """What one env reserves: memory (bytes) and CPUs over all its containers."""

    memory: int
    cpus: float
    containers: int


@dataclass
class Capacity:
    node: str
    name: str
    memory: int
    cpus: float
    used_memory: int = 0
    used_cpus: float = 0.0
    containers: int = 0
    #: at most this many containers (0: no limit)
    max_containers: int = 0
    placed: list[str] = field(default_factory=list)

    @property
    def free_memory(self) -> int:
        return self.memory - self.used_memory

    def fits(self, demand: Demand) -> bool:
        if demand.memory > self.free_memory:
            return False
        if demand.cpus and demand.cpus > self.cpus - self.used_cpus + 1e-9:
            return False
        return not (self.max_containers and self.containers + demand.containers > self.max_containers)

    def take(self, demand: Demand, who: str) -> None:
        self.used_memory += demand.memory
        self.used_cpus += demand.cpus
        self.containers += demand.containers
        self.placed.append(who)


def choose(nodes: list[Capacity], demand: Demand, who: str) -> Capacity:
    """The node with the most free memory that fits the demand (it is then taken)."""
    fitting = [n for n in nodes if n.fits(demand)]
    if not fitting:
        room = ", ".join(f"{n.name}: {n.free_memory / 2**20:.0f} MiB free" for n in nodes) or "no usable node"
        raise LabctlError(
            f"no swarm node has room for {who}'s env ({demand.memory / 2**20:.0f} MiB reserved over "
            f"{demand.containers} container(s)); {room}.",
            hint="Add a node (`docker swarm join`), make a drained node active, give labctl the "
            "endpoint of a node it cannot reach (`labctl swarm nodes` lists them), or reserve less "
            "per container (`labctl class create --reserve-memory 128m`).",
        )
    best = max(fitting, key=lambda n: (n.free_memory, -n.containers, n.name))
    best.take(demand, who)
    return best
