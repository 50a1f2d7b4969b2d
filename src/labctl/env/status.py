"""What `status` shows: one row per part of an env, and the env's observed state.

The record says what the lifecycle verbs last did (`up`, `failed`, ...); the
engine says what is there now. An env recorded as up whose containers were
removed from outside is `gone`, one with some parts missing or unhealthy is
`degraded n/m`, one whose containers all stopped is `stopped` — never
`up 0/0 healthy`.
"""

from __future__ import annotations

from dataclasses import dataclass

from labctl.env.record import EnvStatus


@dataclass
class Component:
    """One row of `labctl status`: a container, a cluster, a stack, an emulator."""

    name: str
    kind: str
    state: str
    healthy: bool
    detail: str = ""
    #: False for a part the env should have but the engine does not (removed from outside)
    present: bool = True
    #: False for a container that exists but does not run (exited, created, paused)
    running: bool = True
    #: the swarm node it runs on ("" on this machine's engine)
    node: str = ""


@dataclass(frozen=True)
class Observed:
    status: EnvStatus
    healthy: int
    total: int

    @property
    def text(self) -> str:
        if self.status in (EnvStatus.UP, EnvStatus.DEGRADED):
            return f"{self.status.value} {self.healthy}/{self.total}"
        return self.status.value


def observe(recorded: EnvStatus, components: list[Component]) -> Observed:
    """The env's state now: the recorded one, corrected by what the engine reports."""
    total = len(components)
    healthy = len([c for c in components if c.present and c.healthy])
    if recorded is not EnvStatus.UP:
        return Observed(recorded, healthy, total)
    present = [c for c in components if c.present]
    if not present:
        return Observed(EnvStatus.GONE, 0, total)
    if not any(c.running for c in present):
        return Observed(EnvStatus.STOPPED, healthy, total)
    if healthy < total:
        return Observed(EnvStatus.DEGRADED, healthy, total)
    return Observed(EnvStatus.UP, healthy, total)


def what_to_do(status: EnvStatus, lab: str, env_flag: str) -> str:
    """One line of advice for an env in this state."""
    return {
        EnvStatus.GONE: f"its containers are gone: `labctl up {lab}{env_flag}` re-creates them "
                        f"(your workspace is kept), `labctl down {lab}{env_flag}` forgets it",
        EnvStatus.DEGRADED: f"some parts are missing or unhealthy: `labctl up {lab}{env_flag}` "
                            f"converges it, `labctl logs {lab}{env_flag}` shows why",
        EnvStatus.STOPPED: f"its containers are stopped: `labctl up {lab}{env_flag}` starts them",
        EnvStatus.FAILED: f"`labctl up {lab}{env_flag}` retries, `labctl down {lab}{env_flag}` removes it",
        EnvStatus.CREATING: f"an `up` is running or was interrupted: re-run `labctl up {lab}{env_flag}`",
        EnvStatus.REMOVING: f"a `down` is running or was interrupted: re-run `labctl down {lab}{env_flag}`",
    }.get(status, "")
