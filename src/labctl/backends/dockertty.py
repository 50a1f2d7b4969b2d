"""A TTY exec session in a container through the Docker API: what a browser terminal drives.

`exec_create(tty=True, stdin=True)` + `exec_start(socket=True)` give one raw,
two-way byte stream to a shell on a pseudo-terminal (no `docker` CLI process
in between); `exec_resize` follows the browser's window. Docker does not end
an exec's process when its stream closes, so the shell first prints its PID
inside the container in a private escape sequence (removed from the output
before anyone sees it), and `close()` sends it SIGHUP with a second exec, as
a closing SSH connection would.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Mapping, Sequence
from typing import Any

#: what the wrapper prints first: ESC ] 5379 ; labctl-pid=N BEL (an OSC no terminal acts on)
PID_MARK = re.compile(rb"\x1b\]5379;labctl-pid=(\d+)\x07")
WRAPPER = 'printf "\\033]5379;labctl-pid=%s\\007" "$$"; exec "$@"'


class TtyChannel:
    """One shell on a pseudo-terminal in a container. `sock` is the raw stream (reads: the
    terminal's output; writes: keystrokes); feed what you read through `strip_mark()`."""

    def __init__(self, container: str, exec_id: str, sock: socket.socket, keep: Any):
        self.container = container
        self.exec_id = exec_id
        self.sock = sock
        self._keep = keep  # the SDK's response object: closing it would close our socket
        self.pid: int | None = None
        self._closed = False
        self._lock = threading.Lock()

    @classmethod
    def open(cls, container: str, argv: Sequence[str], *, user: str | None = None,
             env: Mapping[str, str] | None = None, rows: int = 24, cols: int = 80) -> TtyChannel:
        from labctl import docker_engine

        api = docker_engine.client().api
        created = api.exec_create(container, ["sh", "-c", WRAPPER, "labctl-term", *argv], tty=True, stdin=True,
                                  user=user or "", environment=dict(env or {}))
        exec_id = str(created["Id"])
        stream = api.exec_start(exec_id, tty=True, socket=True)
        sock = getattr(stream, "_sock", stream)
        if not isinstance(sock, socket.socket):  # pragma: no cover - an SDK that changed its insides
            raise TypeError(f"the Docker SDK returned {type(sock).__name__}, not a socket, for an exec stream")
        channel = cls(container, exec_id, sock, stream)
        channel.resize(rows, cols)
        return channel

    def strip_mark(self, data: bytes) -> bytes:
        """The output without the PID mark (remembering the PID when it passes by)."""
        if self.pid is None:
            match = PID_MARK.search(data)
            if match is not None:
                self.pid = int(match.group(1))
                data = data[: match.start()] + data[match.end():]
        return data

    def resize(self, rows: int, cols: int) -> None:
        from labctl import docker_engine

        with contextlib.suppress(Exception):  # the exec may have ended meanwhile
            docker_engine.client().api.exec_resize(self.exec_id, height=max(2, rows), width=max(2, cols))

    def close(self) -> None:
        """End the shell (SIGHUP, as a hung-up terminal) and close the stream. Safe to repeat."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self.pid is not None:
            with contextlib.suppress(Exception):
                from labctl import docker_engine

                api = docker_engine.client().api
                if api.exec_inspect(self.exec_id).get("Running"):
                    argv = ["sh", "-c", 'kill -HUP "$1"', "labctl-term", str(self.pid)]
                    killer = api.exec_create(self.container, argv, user="root")
                    api.exec_start(killer["Id"], detach=True)
        for thing in (self.sock, self._keep):
            with contextlib.suppress(Exception):
                thing.close()
