"""A port forward into a container through its node's Docker engine (like `kubectl port-forward`).

An env on a swarm node publishes only its students' SSH ports; its web pages and its AWS
emulator listen inside its overlay network, which this machine is not on. The grader (and a
solution run on the host) reaches them through a tunnel: a listener on this host's
127.0.0.1; each connection to it becomes an exec session in the container, started through
the node's engine API (the endpoint labctl already uses for grading), running a tiny relay
to 127.0.0.1:PORT inside the container. Nothing is installed on the nodes, and nothing is
published to the students' networks: only whoever holds the engine's endpoint can tunnel.

The relay is python3 when the image has it, else bash with /dev/tcp. It connects only after
the first byte from the tunnel (a newline), so no byte of the stream can arrive while the
engine's HTTP upgrade response is being read.

Closing a tunnel really frees its port: on Linux, close() of a socket that another thread is
blocked on (the listener's accept(), a connection's recv()) leaves the socket open, still
listening, until that call returns, which for an idle listener is never. So every socket is
shut down first (which wakes those calls), and the listener's thread is joined: a process
that opens a tunnel on the same port again (the grader after `class up`'s apply, a
long-lived `labctl serve`) must be able to bind it.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import socket
import struct
import threading
from collections.abc import Iterator
from typing import Any

from labctl.errors import LabctlError

log = logging.getLogger(__name__)

_HEADER = struct.Struct(">BxxxL")
_CHUNK = 65536

RELAY_PY = r"""
import os, socket, sys, threading
os.read(0, 1)
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
def up():
    try:
        while True:
            b = os.read(0, 65536)
            if not b:
                break
            s.sendall(b)
    except OSError:
        pass
    try:
        s.shutdown(socket.SHUT_WR)
    except OSError:
        pass
threading.Thread(target=up, daemon=True).start()
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        while b:
            b = b[os.write(1, b):]
except OSError:
    pass
"""
RELAY_BASH = ('IFS= read -r -n 1 _; exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1; '
              'cat <&3 & cat >&3; sleep 2; kill $! 2>/dev/null')
RELAY_SH = (
    'if command -v python3 >/dev/null 2>&1; then exec python3 -c "$1" "$3"; fi; '
    'if command -v bash >/dev/null 2>&1; then exec bash -c "$2" relay "$3"; fi; '
    'echo "labctl tunnel: neither python3 nor bash in this container" >&2; exit 127'
)


class PortInUse(LabctlError):
    """The local port asked for is held by something else (a listener, or a connection)."""


def relay_argv(port: int) -> list[str]:
    return ["sh", "-c", RELAY_SH, "labctl-relay", RELAY_PY, RELAY_BASH, str(port)]


def frames(buffer: bytearray, chunk: bytes) -> Iterator[tuple[int, bytes]]:
    """Append `chunk` to `buffer` and yield the complete (stream, payload) frames of Docker's
    multiplexed stream it now holds (they are removed from the buffer)."""
    buffer += chunk
    while len(buffer) >= _HEADER.size:
        stream, size = _HEADER.unpack_from(buffer)
        if len(buffer) < _HEADER.size + size:
            return
        payload = bytes(buffer[_HEADER.size:_HEADER.size + size])
        del buffer[:_HEADER.size + size]
        yield stream, payload


def _exec_socket(api: Any, container: str, port: int) -> tuple[Any, Any]:
    exec_id = api.exec_create(container, relay_argv(port), stdin=True, stdout=True, stderr=True,
                              tty=False)["Id"]
    response = api._post_json(
        api._url("/exec/{0}/start", exec_id), headers={"Connection": "Upgrade", "Upgrade": "tcp"},
        data={"Tty": False, "Detach": False}, stream=True,
    )
    raw = api._get_raw_response_socket(response)
    return getattr(raw, "_sock", raw), response


class Tunnel:
    """`with Tunnel(client, container, 8080) as t:` -> 127.0.0.1:`t.port` reaches the container's
    port 8080 (inside its network namespace) until the block ends."""

    def __init__(self, client: Any, container: str, port: int, *, local_port: int = 0,
                 host: str = "127.0.0.1", name: str = ""):
        self.client = client
        self.container = container
        self.target = port
        self.host = host
        self.name = name or f"{container[:12]}:{port}"
        self._wanted = local_port
        self._server: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self._open: set[Any] = set()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self.errors: list[str] = []

    @property
    def port(self) -> int:
        assert self._server is not None, "the tunnel is not open"
        return int(self._server.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> Tunnel:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            server.bind((self.host, self._wanted))
        except OSError as exc:
            server.close()
            kind = PortInUse if exc.errno == errno.EADDRINUSE else LabctlError
            raise kind(f"cannot open a tunnel to {self.name} on {self.host}:{self._wanted}: "
                       f"{exc.strerror}.", hint="Something else holds that port; stop it, or retry.") from None
        server.listen(64)
        self._server = server
        self._acceptor = threading.Thread(target=self._accept, daemon=True, name=f"tunnel-{self.name}")
        self._acceptor.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop listening and end every connection; the port is free when this returns."""
        self._closed.set()
        if self._server is not None:
            _shut(self._server)  # wakes the accept() below: close() alone would leave it listening
        if self._acceptor is not None and self._acceptor is not threading.current_thread():
            self._acceptor.join(timeout=10)
        with self._lock:
            sockets = list(self._open)
            self._open.clear()
        for sock in sockets:
            _shut(sock)

    def _track(self, sock: Any) -> bool:
        """Keep `sock` to be shut at close (False, and shut now, if the tunnel is closing)."""
        with self._lock:
            if not self._closed.is_set():
                self._open.add(sock)
                return True
        _shut(sock)
        return False

    def _accept(self) -> None:
        assert self._server is not None
        while not self._closed.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            if not self._track(conn):
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True, name=f"tunnel-{self.name}-conn").start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            remote, response = _exec_socket(self.client.api, self.container, self.target)
        except Exception as exc:  # the container is gone or stopped: refuse this connection
            self.errors.append(f"{self.name}: {exc}")
            with contextlib.suppress(OSError):
                conn.close()
            return
        if not self._track(remote):
            response.close()
            return
        try:
            remote.sendall(b"\n")
            upstream = threading.Thread(target=self._upstream, args=(conn, remote), daemon=True)
            upstream.start()
            self._downstream(remote, conn)
        except OSError:
            pass
        finally:
            for sock in (conn, remote):
                with contextlib.suppress(OSError):
                    sock.close()
            response.close()

    @staticmethod
    def _upstream(conn: socket.socket, remote: Any) -> None:
        """Local client -> the relay's stdin; its end of input is the relay's end of input."""
        try:
            while True:
                data = conn.recv(_CHUNK)
                if not data:
                    break
                remote.sendall(data)
        except OSError:
            return
        with contextlib.suppress(OSError, AttributeError):
            remote.shutdown(socket.SHUT_WR)

    def _downstream(self, remote: Any, conn: socket.socket) -> None:
        """The relay's stdout -> the local client; stderr is kept for error messages."""
        buffer = bytearray()
        errors = bytearray()
        while True:
            chunk = remote.recv(_CHUNK)
            if not chunk:
                break
            for stream, payload in frames(buffer, chunk):
                if stream == 1:
                    conn.sendall(payload)
                elif stream == 2 and len(errors) < 4096:
                    errors += payload
        if errors:
            self.errors.append(f"{self.name}: {errors.decode(errors='replace').strip()}")
        with contextlib.suppress(OSError):
            conn.shutdown(socket.SHUT_WR)


def _shut(sock: Any) -> None:
    """Shut a socket down (waking any thread blocked on it), then close it."""
    with contextlib.suppress(OSError, AttributeError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError, AttributeError):
        sock.close()
