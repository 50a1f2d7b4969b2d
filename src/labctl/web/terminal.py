"""Browser terminals: TTY exec sessions kept on the server, bridged to WebSockets.

A session is one shell in an env's workspace container (labctl.core.access.
open_terminal). It lives on the server, not in the connection: its output goes
into a bounded scrollback and to every connection attached to it, so a page
that lost its connection (a laptop's Wi-Fi, a reload) attaches again to the
same shell and gets the screen back. An env may have several sessions (the
page's tabs). An attached connection is the env's learner (`own`), or an
instructor who watches (`view`: their keystrokes are dropped) or `join`s.

The socket is read on the event loop (add_reader on the non-blocking socket):
a keystroke's echo reaches the browser without a thread hop.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from labctl.backends.dockertty import TtyChannel

Mode = Literal["own", "view", "join"]
#: output kept for a reconnecting page
SCROLLBACK = 256 * 1024
#: a connection this far behind is dropped (it reconnects and gets the scrollback)
MAX_BEHIND = 2 * 1024 * 1024
#: tabs per env
MAX_SESSIONS = 6
READ_SIZE = 64 * 1024


@dataclass
class Viewer:
    """One connection attached to a session."""

    mode: Mode
    who: str
    queue: asyncio.Queue[bytes | None] = field(default_factory=asyncio.Queue)
    pending: int = 0

    def push(self, data: bytes | None) -> bool:
        """Queue output for this connection; False if it fell too far behind."""
        if data is not None:
            self.pending += len(data)
            if self.pending > MAX_BEHIND:
                self.queue.put_nowait(None)
                return False
        self.queue.put_nowait(data)
        return True


class Session:
    def __init__(self, lab: str, env: str, tab: str, channel: TtyChannel, loop: asyncio.AbstractEventLoop,
                 on_end: Callable[[Session], None]):
        self.lab, self.env, self.tab = lab, env, tab
        self.channel = channel
        self.loop = loop
        self.created_at = time.time()
        self.last_input: float | None = None
        self.rows, self.cols = 24, 80
        self.viewers: list[Viewer] = []
        self.ended = False
        self._scrollback = bytearray()
        self._on_end = on_end
        self._sock: socket.socket = channel.sock
        self._sock.setblocking(False)
        loop.add_reader(self._sock.fileno(), self._readable)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.lab, self.env, self.tab)

    def info(self) -> dict[str, object]:
        return {"tab": self.tab, "created_at": self.created_at, "rows": self.rows, "cols": self.cols,
                "viewers": [{"mode": v.mode, "who": v.who} for v in self.viewers]}

    def _readable(self) -> None:
        try:
            data = self._sock.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self.end()
            return
        data = self.channel.strip_mark(data)
        if not data:
            return
        self._scrollback += data
        if len(self._scrollback) > SCROLLBACK:
            cut = len(self._scrollback) - SCROLLBACK
            newline = self._scrollback.find(b"\n", cut, cut + 4096)  # start the replay on a line
            del self._scrollback[: newline + 1 if newline >= 0 else cut]
        for viewer in list(self.viewers):
            if not viewer.push(data):
                self.viewers.remove(viewer)

    def attach(self, mode: Mode, who: str) -> Viewer:
        viewer = Viewer(mode, who)
        if self._scrollback:
            viewer.push(bytes(self._scrollback))
        if self.ended:
            viewer.push(None)
        else:
            self.viewers.append(viewer)
        return viewer

    def detach(self, viewer: Viewer) -> None:
        if viewer in self.viewers:
            self.viewers.remove(viewer)

    async def write(self, data: bytes) -> None:
        if self.ended:
            return
        self.last_input = time.time()
        try:
            await self.loop.sock_sendall(self._sock, data)
        except OSError:
            self.end()

    async def resize(self, rows: int, cols: int) -> None:
        self.rows, self.cols = rows, cols
        await asyncio.to_thread(self.channel.resize, rows, cols)

    def end(self, *, wait: bool = False) -> None:
        """The shell ended (or we end it): detach everyone and kill it in the container (in a
        worker thread, unless `wait`)."""
        if self.ended:
            return
        self.ended = True
        with contextlib.suppress(Exception):
            self.loop.remove_reader(self._sock.fileno())
        for viewer in self.viewers:
            viewer.push(None)
        self.viewers.clear()
        self._on_end(self)
        if wait:
            self.channel.close()
        else:
            self.loop.run_in_executor(None, self.channel.close)


class Terminals:
    """Every session of this server, by (lab, env, tab)."""

    def __init__(self) -> None:
        self.sessions: dict[tuple[str, str, str], Session] = {}
        self.listeners: list[Callable[[str, str], None]] = []

    def of_env(self, lab: str, env: str) -> list[Session]:
        return sorted((s for s in self.sessions.values() if (s.lab, s.env) == (lab, env)),
                      key=lambda s: s.created_at)

    def get(self, lab: str, env: str, tab: str) -> Session | None:
        return self.sessions.get((lab, env, tab))

    async def open(self, lab: str, env: str, opener: Callable[[], TtyChannel]) -> Session:
        if len(self.of_env(lab, env)) >= MAX_SESSIONS:
            from labctl.errors import UserInputError

            raise UserInputError(f"this env already has {MAX_SESSIONS} terminals open; close one first.")
        channel = await asyncio.to_thread(opener)
        tab = secrets.token_hex(4)
        session = Session(lab, env, tab, channel, asyncio.get_running_loop(), self._ended)
        self.sessions[session.key] = session
        self.changed(lab, env)
        return session

    def _ended(self, session: Session) -> None:
        self.sessions.pop(session.key, None)
        self.changed(session.lab, session.env)

    def changed(self, lab: str, env: str) -> None:
        for listener in self.listeners:
            listener(lab, env)

    def close_env(self, lab: str, env: str) -> None:
        for session in self.of_env(lab, env):
            session.end()

    def close_all(self) -> None:
        for session in list(self.sessions.values()):
            session.end(wait=True)
