"""Free host ports, so two environments never collide."""

from __future__ import annotations

import socket
from collections.abc import Iterable


def free_port(bind_address: str = "127.0.0.1", avoid: Iterable[int] = ()) -> int:
    """Ask the kernel for a free port, skipping ones already promised to an env."""
    taken = set(avoid)
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((bind_address if bind_address != "0.0.0.0" else "", 0))
            port = int(sock.getsockname()[1])
        if port not in taken:
            return port
    raise RuntimeError("could not find a free TCP port")
