"""Host addresses and free host ports, so two environments never collide."""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Iterable

from labctl.errors import LabctlError, UserInputError


def check_address(value: str, option: str) -> str:
    """An IPv4 address to publish ports on, or a UserInputError naming the option."""
    try:
        ipaddress.IPv4Address(value.strip())
    except ValueError:
        raise UserInputError(
            f"{option} {value!r} is not an IPv4 address. Use 127.0.0.1 (this machine only, the default), "
            "0.0.0.0 (every interface) or one of this machine's own addresses (`ip -4 addr`)."
        ) from None
    return value.strip()


def free_port(bind_address: str = "127.0.0.1", avoid: Iterable[int] = ()) -> int:
    """Ask the kernel for a free port, skipping ones already promised to an env."""
    taken = set(avoid)
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((bind_address if bind_address != "0.0.0.0" else "", 0))
            except OSError as exc:
                if exc.errno == errno.EADDRNOTAVAIL:
                    raise UserInputError(
                        f"{bind_address} is not an address of this machine, so nothing can listen on it.",
                        hint="Use 127.0.0.1, 0.0.0.0, or one this machine has (`ip -4 addr`).",
                    ) from None
                if isinstance(exc, socket.gaierror):
                    check_address(bind_address, "the bind address")
                raise LabctlError(f"cannot listen on {bind_address}: {exc.strerror or exc}.") from None
            port = int(sock.getsockname()[1])
        if port not in taken:
            return port
    raise LabctlError("could not find a free TCP port (50 tries).")
