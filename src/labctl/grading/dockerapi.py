"""testinfra backends on the Docker API: `labctl-docker://CONTAINER` (the default).

testinfra's stock `docker://` backend starts one `docker exec` CLI process per
command (about 90 ms here), and each of those makes the engine start a new
process in the container (a runc exec, tens of milliseconds on its own).

`labctl-docker://` opens one exec session per container instead: a `/bin/sh`
started once through the Docker API, attached over the SDK's Unix-socket
connection. Each command is written to that shell as
`/bin/sh -c CMD </dev/null`, followed by markers carrying its exit status, and
its stdout and stderr are read back from the multiplexed stream until the
markers arrive: one write and a few reads, no process on the host and no new
exec in the engine. Semantics match `docker exec NAME /bin/sh -c CMD` (the
container's default user and environment, `/` as cwd, a fresh child shell per
command). A session that times out or breaks is dropped and the next command
opens a new one; if a session cannot be opened, commands fall back to one
exec per command through the API (`labctl-docker-exec://`, also selectable).
"""

from __future__ import annotations

import contextlib
import secrets
import shlex
import struct
import threading
from typing import Any

from testinfra.backend import BACKENDS, base

from labctl.grading.messages import CheckProblem

SCHEME = "labctl-docker"
EXEC_SCHEME = "labctl-docker-exec"
_HEADER = struct.Struct(">BxxxL")
_RECV = 65536


class CommandResult(base.CommandResult):  # type: ignore[misc]
    """testinfra's result, with a repr a learner can read when a check quotes it."""

    def __repr__(self) -> str:
        return describe(self.command, self.exit_status, self._stderr or self._stdout)

    __str__ = __repr__


def describe(command: bytes | str, rc: int, output: bytes | str) -> str:
    cmd = command.decode(errors="replace") if isinstance(command, bytes) else command
    out = output.decode(errors="replace") if isinstance(output, bytes) else output
    first = next((ln.strip() for ln in out.splitlines() if ln.strip()), "")
    return f"`{cmd}` (exit {rc}" + (f": {first})" if first else ")")


class SessionBroken(Exception):
    """The shell behind a session went away (container stopped, shell killed)."""


class ShellSession:
    """One `/bin/sh` in a container, fed commands over an attached exec stream."""

    def __init__(self, api: Any, container: str, user: str | None):
        self._api = api
        exec_id = api.exec_create(
            container, ["/bin/sh"], stdin=True, stdout=True, stderr=True, tty=False, user=user or "",
        )["Id"]
        # exec_start(socket=True), keeping the response so its connection is not collected
        self._response = api._post_json(
            api._url("/exec/{0}/start", exec_id),
            headers={"Connection": "Upgrade", "Upgrade": "tcp"},
            data={"Tty": False, "Detach": False}, stream=True,
        )
        raw = api._get_raw_response_socket(self._response)
        self._sock = getattr(raw, "_sock", raw)
        self._sock.settimeout(None)
        self._buffer = bytearray()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()
        self._response.close()

    def _frames(self) -> Any:
        """Yield (stream, payload) frames as they arrive."""
        buf = self._buffer
        while True:
            while len(buf) >= _HEADER.size:
                stream, size = _HEADER.unpack_from(buf)
                if len(buf) < _HEADER.size + size:
                    break
                payload = bytes(buf[_HEADER.size:_HEADER.size + size])
                del buf[:_HEADER.size + size]
                yield stream, payload
            chunk = self._sock.recv(_RECV)
            if not chunk:
                raise SessionBroken("the exec session ended")
            buf += chunk

    def run(self, command: bytes) -> tuple[int, bytes, bytes]:
        marker = secrets.token_hex(12).encode()
        script = (
            b"/bin/sh -c " + shlex.quote(command.decode("utf-8", "surrogateescape")).encode(
                "utf-8", "surrogateescape") + b" </dev/null; "
            b"printf '\\n" + marker + b" %d\\n' $?; printf '\\n" + marker + b"\\n' >&2\n"
        )
        self._sock.sendall(script)
        out, err = bytearray(), bytearray()
        out_end = b"\n" + marker + b" "
        err_end = b"\n" + marker + b"\n"
        rc: int | None = None
        err_done = False
        for stream, payload in self._frames():
            if stream == 1:
                out += payload
            elif stream == 2:
                err += payload
            if rc is None and out.endswith(b"\n"):
                at = out.rfind(out_end)
                if at != -1:
                    rc = int(out[at + len(out_end):-1])
                    del out[at:]
            if not err_done and err.endswith(err_end):
                del err[-len(err_end):]
                err_done = True
            if rc is not None and err_done:
                return rc, bytes(out), bytes(err)
        raise SessionBroken("the exec session ended")  # pragma: no cover - _frames raises first


class DockerAPIBackend(base.BaseBackend):  # type: ignore[misc]
    """`labctl-docker://[user@]CONTAINER`: commands through a persistent exec session."""

    NAME = SCHEME
    persistent = True

    def __init__(self, name: str, *args: Any, client: Any = None, **kwargs: Any):
        self.name, self.user = self.parse_containerspec(name)
        self._client = client
        self._session: ShellSession | None = None
        # the worker may warm a session up in a thread while the first check already runs
        self._lock = threading.RLock()
        super().__init__(self.name, *args, **kwargs)

    @property
    def api(self) -> Any:
        if self._client is None:
            from labctl import docker_engine

            self._client = docker_engine.client()
        return self._client.api

    def _drop_session(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            session.close()

    def run(self, command: str, *args: str, **kwargs: Any) -> base.CommandResult:
        with self._lock:
            return self._run(command, *args)

    def _run(self, command: str, *args: str) -> base.CommandResult:
        from docker.errors import APIError, NotFound

        cmd = self.get_command(command, *args)
        encoded = self.encode(cmd)
        try:
            if self.persistent:
                try:
                    if self._session is None:
                        self._session = ShellSession(self.api, self.name, self.user)
                    rc, out, err = self._session.run(encoded)
                    return self.result(rc, encoded, out, err)
                except (SessionBroken, ConnectionError):
                    self._drop_session()  # run it once the slow way; the next command reopens
                except BaseException:
                    self._drop_session()  # a timeout mid-command: the session's state is unknown
                    raise
            return self._run_once(cmd, encoded)
        except (NotFound, APIError) as exc:
            if isinstance(exc, NotFound) or getattr(exc, "status_code", None) == 409:
                raise CheckProblem(
                    f"cannot run commands in container {self.name}: it is not running "
                    "(restart it, or recreate the env with `labctl reset`)"
                ) from None
            raise

    def _run_once(self, cmd: str, encoded: bytes) -> base.CommandResult:
        api = self.api
        exec_id = api.exec_create(
            self.name, ["/bin/sh", "-c", cmd], stdout=True, stderr=True, stdin=False, tty=False,
            user=self.user or "",
        )["Id"]
        stdout, stderr = api.exec_start(exec_id, demux=True)
        rc = api.exec_inspect(exec_id).get("ExitCode")
        return self.result(-1 if rc is None else int(rc), encoded, stdout or b"", stderr or b"")

    def result(self, rc: int, cmd: bytes, stdout: str | bytes, stderr: str | bytes) -> CommandResult:
        return CommandResult(backend=self, exit_status=rc, command=cmd, _stdout=stdout, _stderr=stderr)

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self._drop_session()


class DockerExecBackend(DockerAPIBackend):
    """`labctl-docker-exec://CONTAINER`: one exec per command through the API (no session)."""

    NAME = EXEC_SCHEME
    persistent = False


def register() -> None:
    """Make `labctl-docker://` and `labctl-docker-exec://` testinfra host specs."""
    BACKENDS.setdefault(SCHEME, f"{__name__}.DockerAPIBackend")
    BACKENDS.setdefault(EXEC_SCHEME, f"{__name__}.DockerExecBackend")
