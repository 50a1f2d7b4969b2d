"""Terraform on a swarm env: the env's AWS emulator runs in its stack, on its node.

On this machine a terraform lab's emulator is a local moto process. On a swarm it is the
`aws` service of the student's stack (labctl.swarm.emulator), which the student's own
containers reach at http://aws:5000. This machine (labctl's scene apply, the grader, a
solution run on the host) reaches it through a tunnel into that container
(labctl.swarm.tunnel) on a port of 127.0.0.1 chosen once per env: that is the endpoint
in the env's record (`aws.endpoint`), as the local emulator's is, and it answers while
labctl holds the env reachable (apply, grade, solve).

The port is only promised among this labctl home's envs; between `class up` and a grade hours
later any program may hold it (a listener, or an outgoing connection the kernel gave it as
its source port). Then the tunnel opens on another free port and the env's endpoint moves
there (the record, its aws folder, and the provider file labctl writes before an apply).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from labctl import ports
from labctl.aws import tfconfig
from labctl.aws.modes import connection_for, parse_mode
from labctl.backends.swarm import SwarmBackend
from labctl.backends.terraform import TerraformBackend, stop_terraform_runs
from labctl.env.status import Component
from labctl.swarm import emulator
from labctl.swarm.tunnel import PortInUse, Tunnel


class SwarmTerraformBackend(TerraformBackend):
    name = "terraform"

    def __init__(self, ctx: Any):
        super().__init__(ctx)
        self._open = False
        self._moved = False

    @property
    def _emulated(self) -> bool:
        return bool(self.part.aws) and parse_mode(self.ctx.record.data.aws_mode).owns_emulator

    def _stack(self) -> SwarmBackend:
        return SwarmBackend(self.ctx)

    def prepare(self) -> None:
        if not self._emulated:
            super().prepare()
            return
        self.ctx.workdir.mkdir(parents=True, exist_ok=True)
        tfconfig.write_cli_config(self.ctx.workdir)
        conn = self.connection()
        if conn is None or not conn.port:
            conn = connection_for(parse_mode(self.ctx.record.data.aws_mode), lab=self.ctx.lab.id,
                                  env=self.ctx.record.name)
            conn.port = ports.free_port("127.0.0.1", _taken_tunnel_ports())
        conn.endpoint = f"http://127.0.0.1:{conn.port}"
        conn.pid = None
        conn.internal_endpoint = emulator.internal_endpoint()
        self.ctx.record.data.aws = conn.to_data()
        conn.save(self.aws_dir)

    @contextlib.contextmanager
    def reachable(self) -> Iterator[None]:
        """The emulator's tunnel, on the env's recorded port (or, if something else holds it,
        on another one the env's endpoint moves to), while inside."""
        if not self._emulated or self._open:
            yield
            return
        conn = self.connection()
        stack = self._stack()
        cid = stack.containers().get(emulator.SERVICE)
        if conn is None or not conn.port or cid is None:
            yield
            return
        wanted = int(conn.port)
        with contextlib.closing(open_tunnel(stack.endpoint().client(), cid, wanted, _taken_tunnel_ports)) as tunnel:
            if tunnel.port != wanted:
                self.ctx.progress(f"port {wanted} of the AWS emulator's tunnel is taken by another program; "
                                  f"the env's endpoint moves to {tunnel.port}")
                conn.port = tunnel.port
                conn.endpoint = f"http://127.0.0.1:{tunnel.port}"
                self.ctx.record.data.aws = conn.to_data()
                conn.save(self.aws_dir)
                self._moved = True
            self._open = True
            try:
                yield
            finally:
                self._open = False

    def apply(self) -> None:
        if not self.part.apply:
            return
        with self.reachable():
            if self._moved:
                self.render()  # the provider file names the endpoint
            super().apply()

    def wait_ready(self, timeout: float) -> None:
        return  # the stack waited for its emulator service

    def status(self) -> list[Component]:
        if not self._emulated:
            return super().status()
        # The emulator is a service of the stack (its row comes from the stack); the scene:
        return [row for row in super().status() if row.kind != "aws-emulator"]

    def destroy(self) -> None:
        if not self._emulated:
            super().destroy()
            return
        stopped = stop_terraform_runs(self.ctx.workdir)
        if stopped:
            self.ctx.progress(f"stopped terraform runs in flight (pid {', '.join(map(str, stopped))})")

    def targets(self) -> dict[str, str]:
        conn = self.connection()
        if conn is None or not self.part.aws:
            return {}
        return {"aws": conn.endpoint}


def open_tunnel(client: Any, container: str, wanted: int, taken: Callable[[], set[int]], tries: int = 20) -> Tunnel:
    """An open tunnel to the emulator on local port `wanted`, or, when something else holds
    that port, on a free one that no env of this labctl home was promised (`taken()`).
    The caller closes it."""
    try:
        return Tunnel(client, container, emulator.PORT, local_port=wanted, name="aws").__enter__()
    except PortInUse as exc:
        held = exc
    avoid = {wanted, *taken()}
    for _ in range(tries):
        try:
            return Tunnel(client, container, emulator.PORT, local_port=ports.free_port("127.0.0.1", avoid),
                          name="aws").__enter__()
        except PortInUse as exc:  # taken between the pick and the bind: pick again
            held = exc
    raise held


def _taken_tunnel_ports() -> set[int]:
    from labctl.state import Store

    taken: set[int] = set()
    for env in Store().list_envs():
        taken.update(int(p) for p in env.ports.values())
        port = (env.data.aws or {}).get("port")
        if port:
            taken.add(int(port))
    return taken
