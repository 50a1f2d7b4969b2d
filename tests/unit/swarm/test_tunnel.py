"""Tunnels into swarm containers: a closed tunnel frees its port; a held port is said so, and
the AWS emulator's tunnel moves off it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from labctl.backends.swarm_terraform import open_tunnel
from labctl.swarm.tunnel import PortInUse, Tunnel


class NoEngine:
    """A Docker client whose engine has no such container: every connection is refused."""

    class api:  # shaped like docker.DockerClient().api
        @staticmethod
        def exec_create(*_: Any, **__: Any) -> dict[str, str]:
            raise RuntimeError("no such container")


@pytest.fixture
def held() -> Iterator[int]:
    """A port another program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        yield int(other.getsockname()[1])


def listenable(port: int) -> bool:
    """Whether a new listener can take the port (bind alone may succeed next to a listener)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen(1)
        except OSError:
            return False
        return True


def tunnel_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("tunnel-") and t.is_alive()]


def test_a_closed_tunnel_frees_its_port_at_once() -> None:
    """close() alone leaves a socket that a thread is blocked accepting on listening: the next
    tunnel on that port (the grader after `class up`'s apply) could not bind it."""
    with Tunnel(NoEngine(), "c", 80, name="t") as first:
        port = first.port
        socket.create_connection(("127.0.0.1", port), timeout=5).close()  # served, then refused
        assert not listenable(port)
        time.sleep(0.3)  # its thread is back in accept(), as in a tunnel that waits for the next client
    assert listenable(port)
    deadline = time.monotonic() + 5
    while tunnel_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert tunnel_threads() == []
    for _ in range(3):  # again and again on the same port, as a long-lived `labctl serve` grades
        with Tunnel(NoEngine(), "c", 80, local_port=port) as again:
            assert again.port == port
            with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
                client.settimeout(5)
                assert client.recv(1) == b""  # the engine refused it: the tunnel closes it


def test_a_held_port_is_port_in_use(held: int) -> None:
    with pytest.raises(PortInUse, match=f"cannot open a tunnel to aws on 127.0.0.1:{held}: Address already in use"):
        Tunnel(NoEngine(), "c", 5000, local_port=held, name="aws").__enter__()


def test_the_emulator_tunnel_moves_off_a_port_another_program_holds(held: int) -> None:
    promised: set[int] = set()
    with socket.socket() as spare:  # a port promised to another env of this labctl home
        spare.bind(("127.0.0.1", 0))
        promised.add(int(spare.getsockname()[1]))
    moved = open_tunnel(NoEngine(), "c", held, lambda: promised)
    try:
        assert moved.port not in (held, *promised)
        port = moved.port
    finally:
        moved.close()
    kept = open_tunnel(NoEngine(), "c", port, lambda: promised)  # a free port is kept as it is
    try:
        assert kept.port == port
    finally:
        kept.close()
