"""Helpers shared by the phase7 checks (not a check file: pytest does not collect it).

The service the learner hardens is their own compose project, `<env project>-svc`,
started from the host workspace; the checks find its `api` container by compose
labels and inspect the real container: its config, its processes, its image.
"""

from __future__ import annotations

import io
import tarfile
import time
from typing import Any

import pytest

SERVICE = "api"
APP_PORT = 8080
HEALTH_PATH = "/healthz"

# Runs inside the api container (python3 is the app's own runtime): prints the HTTP
# status on the first line and the body after it; status 0 if nothing answered.
_FETCH = r"""
import sys, urllib.request, urllib.error
req = urllib.request.Request(sys.argv[1], headers={"Authorization": sys.argv[2]} if sys.argv[2] else {})
try:
    with urllib.request.urlopen(req, timeout=5) as r:
        code, body = r.status, r.read()
except urllib.error.HTTPError as e:
    code, body = e.code, e.read()
except Exception as e:
    code, body = 0, str(e).encode()
sys.stdout.write("%d\n" % code + body.decode("utf-8", "replace"))
"""


def project(env: Any) -> str:
    return f"{env.project}-svc"


def start_hint(env: Any) -> str:
    return f"start it from your workspace with `cd {env.workspace} && docker-compose up -d --build`"


def find_container(docker: Any, env: Any, *, running: bool = True) -> Any | None:
    """The api container of the learner's compose project (or, failing that, any api
    container carrying this env's labctl labels)."""
    by_project = [f"com.docker.compose.project={project(env)}", f"com.docker.compose.service={SERVICE}"]
    by_labels = [f"io.labctl.lab={env.lab}", f"io.labctl.env={env.name}", f"com.docker.compose.service={SERVICE}"]
    for labels in (by_project, by_labels):
        found = docker.containers.list(all=not running, filters={"label": labels})
        if found:
            return sorted(found, key=lambda c: c.attrs.get("Created", ""))[-1]
    return None


def api_container(docker: Any, env: Any) -> Any:
    """The running api container, or a failure that says how to get one."""
    container = find_container(docker, env)
    if container is not None:
        container.reload()
        return container
    stopped = find_container(docker, env, running=False)
    if stopped is not None:
        state = stopped.attrs["State"]
        pytest.fail(
            f"the {SERVICE} container ({stopped.name}) is {state['Status']} (exit code "
            f"{state.get('ExitCode')}), not running: read why with `docker logs {stopped.name}`, "
            f"fix it, and {start_hint(env)}"
        )
    pytest.fail(f"no {SERVICE} container of compose project {project(env)} is running: {start_hint(env)}")


def fetch(container: Any, path: str, authorization: str = "") -> tuple[int, str]:
    """GET http://127.0.0.1:8080<path> from inside the container: (status, body).
    With the image's curl when it has one (faster), else with its python3."""
    url = f"http://127.0.0.1:{APP_PORT}{path}"
    header = ["-H", f"Authorization: {authorization}"] if authorization else []
    result = container.exec_run(["curl", "-s", "-m", "5", "-w", "\n%{http_code}", *header, url])
    if result.exit_code in (0, 7, 28) and result.output is not None:  # 7: refused, 28: timeout
        body, _, code = result.output.decode("utf-8", "replace").rpartition("\n")
        try:
            return int(code.strip() or 0), body
        except ValueError:
            pass
    result = container.exec_run(["python3", "-c", _FETCH, url, authorization])
    out = (result.output or b"").decode("utf-8", "replace")
    if result.exit_code != 0:
        return 0, out.strip()
    first, _, body = out.partition("\n")
    try:
        return int(first), body
    except ValueError:
        return 0, out


_WORKING: set[str] = set()


def working_container(docker: Any, env: Any, wait: float = 15.0) -> Any:
    """The running api container, once its app answers GET /healthz (hardening that
    breaks the service does not count). Checked once per container per grading run."""
    container = api_container(docker, env)
    if container.id in _WORKING:
        return container
    deadline = time.monotonic() + wait
    status, body = 0, ""
    while True:
        status, body = fetch(container, HEALTH_PATH)
        if status == 200:
            _WORKING.add(container.id)
            return container
        container.reload()
        if container.status != "running" or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    if container.status != "running":
        pytest.fail(f"the {SERVICE} container stopped ({container.status}): read why with "
                    f"`docker logs {container.name}`")
    detail = f"HTTP {status}" if status else (body.strip().splitlines() or ["no answer"])[-1]
    pytest.fail(f"the {SERVICE} service runs but does not answer GET {HEALTH_PATH} on port {APP_PORT} "
                f"({detail}); read why with `docker logs {container.name}`")


def proc_status(container: Any, pid: int = 1) -> dict[str, str]:
    """/proc/<pid>/status of a process in the container, as a dict."""
    result = container.exec_run(["cat", f"/proc/{pid}/status"])
    if result.exit_code != 0:
        pytest.fail(f"could not read /proc/{pid}/status in {container.name}: "
                    f"{(result.output or b'').decode(errors='replace').strip()}")
    out: dict[str, str] = {}
    for line in result.output.decode(errors="replace").splitlines():
        key, _, value = line.partition(":")
        out[key.strip()] = value.strip()
    return out


def process_uids(container: Any) -> list[tuple[str, int, str]]:
    """(pid, uid, command) of every process of the container, seen from the host (`docker top`)."""
    top = container.top(ps_args="-o pid,uid,args")
    titles = [t.upper() for t in top.get("Titles") or []]
    rows = []
    for proc in top.get("Processes") or []:
        row = dict(zip(titles, proc, strict=False))
        try:
            rows.append((str(row.get("PID", "?")), int(row.get("UID", "-1")), str(row.get("COMMAND", row.get("ARGS", "")))))
        except ValueError:
            continue
    return rows


# -- finding a string in an image ---------------------------------------------


class _Finder:
    """Searches a byte stream for a needle, across chunk boundaries."""

    def __init__(self, needle: bytes):
        self.needle = needle
        self.tail = b""

    def feed(self, chunk: bytes) -> bool:
        data = self.tail + chunk
        hit = self.needle in data
        self.tail = data[-(len(self.needle) - 1):] if len(self.needle) > 1 else b""
        return hit


def _scan_stream(stream: Any, needle: bytes, chunk: int = 1 << 20) -> bool:
    finder = _Finder(needle)
    while True:
        block = stream.read(chunk)
        if not block:
            return False
        if finder.feed(block):
            return True


SMALL_LAYER = 32 * 1024 * 1024  # layers up to this size are searched file by file (to name the file)


def find_in_image(docker: Any, image_id: str, needle: str) -> list[str]:
    """Where `needle` occurs in an image: its config (ENV, labels), its build history
    (`docker history --no-trunc`), or any file of any of its layers (`docker save`).
    Stops at the first place found; [] if it is nowhere."""
    raw = needle.encode()
    image = docker.images.get(image_id)
    config = image.attrs.get("Config") or {}
    for item in config.get("Env") or []:
        if needle in item:
            return [f"the image's environment (ENV {item.split('=', 1)[0]})"]
    for key, value in (config.get("Labels") or {}).items():
        if needle in f"{key}={value}":
            return [f"the image's label {key}"]
    for step in image.history():
        created_by = " ".join((step.get("CreatedBy") or "").split())
        if needle in created_by:
            return [f"the image's build history (`docker history --no-trunc`): {created_by[:90]}"]
    # Every layer: a secret COPY'd in, or written by RUN and deleted by a later RUN, is
    # still in its layer even though the final filesystem no longer shows it.
    chunks = image.save(chunk_size=1 << 20, named=False)
    try:
        with tarfile.open(fileobj=_ChunkReader(chunks), mode="r|") as outer:
            for member in outer:
                if not member.isfile():
                    continue
                fh = outer.extractfile(member)
                if fh is None:
                    continue
                if member.name.endswith("layer.tar"):
                    if member.size <= SMALL_LAYER:
                        with tarfile.open(fileobj=fh, mode="r|") as layer:
                            for item in layer:
                                content = layer.extractfile(item) if item.isfile() else None
                                if content is not None and _scan_stream(content, raw):
                                    return [f"the file /{item.name.removeprefix('./')} in one of the image's layers"]
                    elif _scan_stream(fh, raw):
                        return ["a file in one of the image's layers"]
                elif _scan_stream(fh, raw):
                    return ["the image's configuration (`docker inspect`, `docker history --no-trunc`)"]
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return []


class _ChunkReader(io.RawIOBase):
    """A file object over the chunk generator docker's `Image.save()` returns."""

    def __init__(self, chunks: Any):
        self._chunks = iter(chunks)
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            try:
                self._buf = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = [self._buf, *self._chunks]
            self._buf = b""
            return b"".join(parts)
        return super().read(size) or b""



# -- the pipeline on copies of the workspace ------------------------------------------

PIPELINE_TIMEOUT = 180
_PIPELINES: dict[str, Any] = {}


def pipeline_on_copy(box: Any, name: str, plant: str = "") -> Any:
    """Run ci/pipeline.sh on a copy of the workspace (repo/ left out) in the toolbox, after the
    shell snippet `plant` ran in the copy; the result (`.rc`, `.stdout`) is kept for the
    grading run, so tasks graded together share the clean run."""
    if name in _PIPELINES:
        return _PIPELINES[name]
    work = f"/tmp/labctl-pipeline-{name}"
    box.run("rm -rf %s && mkdir -p %s && cd /workspace && tar --exclude=./repo -cf - . | tar -C %s -xf -",
            work, work, work)
    if plant:
        box.run(f"cd {work} && {plant}")
    result = box.run(f"cd {work} && timeout {PIPELINE_TIMEOUT} bash ci/pipeline.sh 2>&1")
    box.run("rm -rf %s", work)
    _PIPELINES[name] = result
    return result


def tail(result: Any, lines: int = 2) -> str:
    text = [ln for ln in result.stdout.strip().splitlines() if ln.strip()]
    return " / ".join(text[-lines:])[:200] if text else "(no output)"
