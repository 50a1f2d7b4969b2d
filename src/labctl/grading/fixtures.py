"""The fixtures lab checks use: host, http, params, env, docker.

Registered as a pytest plugin by the grading worker. Everything heavy
(testinfra, requests, the docker SDK) is imported when a check first asks.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from labctl.grading.context import GradingContext, current
from labctl.grading.messages import CheckProblem

HTTP_TIMEOUT = 10.0

# Fetch a URL from inside a container with whatever the image has: prints the
# body, then a last line with the HTTP status (000 when nothing answered).
_INSIDE_SCRIPT = r"""
url="$1"; t="$2"
if command -v curl >/dev/null 2>&1; then
  curl -s -m "$t" -w '\n%{http_code}' "$url"; exit 0
fi
for py in python3 python; do
  if command -v "$py" >/dev/null 2>&1; then
    exec "$py" - "$url" "$t" <<'PY'
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=float(sys.argv[2]))
    code, body = r.status, r.read()
except urllib.error.HTTPError as e:
    code, body = e.code, e.read()
except Exception:
    code, body = 0, b""
sys.stdout.write(body.decode("utf-8", "replace") + "\n%03d" % code)
PY
  fi
done
if command -v wget >/dev/null 2>&1; then
  if body=$(wget -q -O - -T "$t" "$url" 2>/dev/null); then printf '%s\n200' "$body"; else printf '\n000'; fi
  exit 0
fi
echo "no curl, python3 or wget in this container" >&2; exit 127
"""


@dataclass
class EnvInfo:
    """What a check may know about the env: `.lab`, `.name`, `.project`, `.workdir`,
    `.workspace` (host paths), `.ports` (name -> host port), `.containers` (service ->
    container name), `.params`, `.targets`, `.env_vars`, `.data`."""

    lab: str
    name: str
    project: str
    workdir: Path
    workspace: Path
    lab_path: Path
    ports: dict[str, int]
    containers: dict[str, str]
    params: dict[str, Any]
    targets: dict[str, str]
    env_vars: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    class_name: str | None = None
    student_id: str | None = None

    def workspace_file(self, relative: str) -> Path:
        """A path inside the learner's workspace, for checks that read it on the host.

        The workspace is the learner's to write (often bind-mounted into a container), so a
        symlink there could point anywhere on the host: this refuses any path that resolves
        outside the workspace, instead of reading it with the grader's rights."""
        root = self.workspace.resolve()
        path = (self.workspace / relative).resolve()
        if path != root and root not in path.parents:
            raise CheckProblem(f"{relative} in your workspace points outside it; use a regular file")
        return path

    @classmethod
    def from_context(cls, ctx: GradingContext) -> EnvInfo:
        return cls(
            lab=ctx.lab, name=ctx.env, project=ctx.project, workdir=Path(ctx.workdir),
            workspace=Path(ctx.workspace), lab_path=Path(ctx.lab_path),
            ports={p.name: p.host_port for p in ctx.ports}, containers=dict(ctx.containers),
            params=dict(ctx.params), targets=dict(ctx.targets), env_vars=dict(ctx.env_vars),
            data=dict(ctx.data), class_name=ctx.class_name, student_id=ctx.student_id,
        )


class Hosts:
    """`host("service")` -> a testinfra Host on that service's container (cached)."""

    def __init__(self, ctx: GradingContext):
        self._ctx = ctx

    def container(self, service: str | None = None) -> str:
        ctx = self._ctx
        service = service or ctx.workspace_service
        if service is None:
            raise CheckProblem("this lab has no workspace service: name one, host(\"service\")")
        name = ctx.containers.get(service)
        if name is None:
            running = ", ".join(sorted(ctx.containers)) or "none"
            raise CheckProblem(
                f"service '{service}' is not running in this env (running: {running}); "
                "restart it, or recreate the env with `labctl reset`"
            )
        return name

    def __call__(self, service: str | None = None, user: str | None = None) -> Any:
        return host_for(self._ctx.connection, self.container(service), user)


@functools.cache
def host_for(connection: str, container: str, user: str | None = None) -> Any:
    """The (cached) testinfra Host on a container through `connection`."""
    import testinfra

    from labctl.grading import dockerapi

    dockerapi.register()
    spec = f"{connection}://{user + '@' if user else ''}{container}"
    return testinfra.get_host(spec)


class Http:
    """Requests to the env's published ports, or from inside its network."""

    def __init__(self, ctx: GradingContext, hosts: Hosts):
        self._ctx = ctx
        self._hosts = hosts

    def url(self, port: str, path: str = "/") -> str:
        info = self._ctx.port(port)
        if info is None:
            names = ", ".join(p.name for p in self._ctx.ports) or "none"
            raise CheckProblem(f"the lab publishes no port named '{port}' (ports: {names})")
        bind = self._ctx.bind_address
        address = "127.0.0.1" if bind in ("", "0.0.0.0", "::") else bind
        scheme = info.scheme if info.scheme in ("http", "https") else "http"
        return f"{scheme}://{address}:{info.host_port}/{path.lstrip('/')}"

    def request(self, method: str, port: str, path: str = "/", **kwargs: Any) -> Any:
        import requests

        url = self.url(port, path)
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        try:
            return requests.request(method, url, **kwargs)
        except requests.exceptions.Timeout:
            raise CheckProblem(
                f"{method} {url} got no answer within {kwargs['timeout']:g} s"
            ) from None
        except requests.exceptions.ConnectionError:
            raise CheckProblem(
                f"nothing answers on {url} (connection refused or reset): is the service "
                f"behind port '{port}' running and listening?"
            ) from None

    def get(self, port: str, path: str = "/", **kwargs: Any) -> Any:
        return self.request("GET", port, path, **kwargs)

    def post(self, port: str, path: str = "/", **kwargs: Any) -> Any:
        return self.request("POST", port, path, **kwargs)

    def inside(self, service: str, url: str, timeout: float = HTTP_TIMEOUT) -> tuple[int, str]:
        """Fetch `url` from inside `service`'s container: (status, body); status 0 if nothing answered."""
        host = self._hosts(service)
        result = host.run("sh -c %s sh %s %s", _INSIDE_SCRIPT, url, f"{timeout:g}")
        if result.rc == 127:
            raise CheckProblem(f"cannot fetch {url} from {service}: {result.stderr.strip()}")
        body, _, code = result.stdout.rpartition("\n")
        try:
            return int(code.strip() or 0), body
        except ValueError:
            return 0, result.stdout


@pytest.fixture(scope="session")
def grading_context() -> GradingContext:
    """The raw grading context (see labctl.grading.context)."""
    return current()


@pytest.fixture
def params(grading_context: GradingContext) -> dict[str, Any]:
    """This env's parameters (per student in a class). A fresh copy for every check."""
    return dict(grading_context.params)


@pytest.fixture(scope="session")
def env(grading_context: GradingContext) -> EnvInfo:
    return EnvInfo.from_context(grading_context)


@pytest.fixture(scope="session")
def host(grading_context: GradingContext) -> Hosts:
    return Hosts(grading_context)


@pytest.fixture(scope="session")
def http(grading_context: GradingContext, host: Hosts) -> Http:
    return Http(grading_context, host)


@pytest.fixture(scope="session")
def docker() -> Any:
    """A Docker SDK client (for labs where the learner drives Docker)."""
    from labctl import docker_engine

    return docker_engine.client()
