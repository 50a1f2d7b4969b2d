"""Lifecycle of an env's private AWS emulator (a moto server on a free 127.0.0.1 port).

Ownership is recorded three ways, so `down` finds it after any crash:
`record.data["aws"]` (pid, port), a pidfile `<workdir>/aws/emulator.json`, and
the process's own command line, which names the env's workdir.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from labctl import paths, ports, runner
from labctl.aws import procs
from labctl.aws.serve import HEALTH_PATH
from labctl.errors import LabctlError, PrerequisiteError
from labctl.logtail import tail_file

SERVE_MODULE = "labctl.aws.serve"
AWS_DIR = "aws"
PIDFILE = "emulator.json"
LOGFILE = "emulator.log"
START_ATTEMPTS = 3


@dataclass(frozen=True)
class EmulatorInfo:
    pid: int
    port: int
    host: str
    workdir: str

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"


def aws_dir(workdir: Path) -> Path:
    return workdir / AWS_DIR


def _key(workdir: Path | str) -> str:
    return os.path.abspath(os.fspath(workdir))


def serve_argv(workdir: Path, host: str, port: int) -> list[str]:
    return [sys.executable, "-m", SERVE_MODULE, "--workdir", _key(workdir), "--host", host,
            "--port", str(port)]


def _parse_serve(proc: procs.Proc) -> EmulatorInfo | None:
    """The emulator a process is, if its command line is ours."""
    argv = list(proc.argv)
    if SERVE_MODULE not in argv:
        return None
    opts: dict[str, str] = {}
    for flag, value in itertools.pairwise(argv):
        if flag.startswith("--"):
            opts[flag[2:]] = value
    try:
        return EmulatorInfo(proc.pid, int(opts["port"]), opts.get("host", "127.0.0.1"), opts["workdir"])
    except (KeyError, ValueError):
        return None


def running_emulators() -> list[EmulatorInfo]:
    """Every labctl emulator on this machine, whatever env or labctl home it belongs to."""
    found = [_parse_serve(p) for p in procs.processes()]
    return sorted((f for f in found if f is not None), key=lambda e: e.pid)


def find(workdir: Path) -> list[EmulatorInfo]:
    """This env's emulators: from the pidfile, verified by command line, and by a process scan."""
    key = _key(workdir)
    out: dict[int, EmulatorInfo] = {}
    recorded = _read_pidfile(workdir)
    if recorded is not None:
        proc = procs.get(recorded.pid)
        info = _parse_serve(proc) if proc else None
        if info is not None and info.workdir == key:
            out[info.pid] = info
    for info in running_emulators():
        if info.workdir == key:
            out[info.pid] = info
    return list(out.values())


def _read_pidfile(workdir: Path) -> EmulatorInfo | None:
    try:
        data = json.loads((aws_dir(workdir) / PIDFILE).read_text(encoding="utf-8"))
        return EmulatorInfo(int(data["pid"]), int(data["port"]), str(data["host"]), str(data["workdir"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_pidfile(info: EmulatorInfo) -> None:
    path = aws_dir(Path(info.workdir)) / PIDFILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(info)), encoding="utf-8")
    tmp.replace(path)


def health(info: EmulatorInfo, timeout: float = 1.0) -> bool:
    """True if the server on that port answers and is this env's emulator."""
    try:
        with urllib.request.urlopen(info.endpoint + HEALTH_PATH, timeout=timeout) as resp:
            data = json.loads(resp.read())
    except (OSError, ValueError, urllib.error.URLError):
        return False
    return isinstance(data, dict) and data.get("workdir") == info.workdir


def require_moto() -> None:
    try:
        import moto.moto_server.werkzeug_app  # noqa: F401
    except ImportError as exc:
        raise PrerequisiteError(
            "the AWS emulator needs moto's server mode, which is not installed.",
            hint="Install it into labctl's Python: `pip install 'moto[server]>=5'`.",
        ) from exc


def _log_tail(workdir: Path) -> str:
    return tail_file(aws_dir(workdir) / LOGFILE)


def start(workdir: Path, *, host: str = "127.0.0.1", timeout: float = 60.0) -> EmulatorInfo:
    """Start this env's emulator and wait until it answers its health check."""
    require_moto()
    folder = aws_dir(workdir)
    folder.mkdir(parents=True, exist_ok=True)
    for _ in range(START_ATTEMPTS):
        port = ports.free_port(host)
        proc = runner.spawn(serve_argv(workdir, host, port), log_file=folder / LOGFILE, cwd=folder)
        info = EmulatorInfo(proc.pid, port, host, _key(workdir))
        _write_pidfile(info)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if health(info):
                return info
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        if proc.poll() is None:
            procs.stop([proc.pid], grace=2)
            raise LabctlError(
                f"the AWS emulator did not answer on port {port} within {timeout:.0f}s.",
                hint=f"Its log is {folder / LOGFILE}.", details=_log_tail(workdir) or None,
            )
        if "Address already in use" not in _log_tail(workdir):
            break
    raise LabctlError(
        "the AWS emulator (moto server) exited right after starting.",
        hint=f"Its last log lines are below; the full log is {folder / LOGFILE}.",
        details=_log_tail(workdir) or "(no log output)",
    )


def wait_healthy(info: EmulatorInfo, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not health(info):
        if not procs.alive(info.pid):
            raise LabctlError(
                f"the AWS emulator (pid {info.pid}) is not running.",
                hint="Run `labctl up` again to start a fresh one.",
                details=_log_tail(Path(info.workdir)) or None,
            )
        if time.monotonic() > deadline:
            raise LabctlError(f"the AWS emulator at {info.endpoint} does not answer after {timeout:.0f}s.")
        time.sleep(0.1)


def stop(workdir: Path) -> list[int]:
    """Stop every emulator of this env (pidfile or process scan); return the pids stopped."""
    stopped = procs.stop([e.pid for e in find(workdir)], grace=5)
    (aws_dir(workdir) / PIDFILE).unlink(missing_ok=True)
    return stopped


def env_of(info: EmulatorInfo) -> tuple[str, str] | None:
    """(lab, env) when the emulator's workdir is in this labctl home's envs dir."""
    try:
        rel = Path(info.workdir).relative_to(os.path.abspath(paths.envs_dir()))
    except ValueError:
        return None
    return (rel.parts[0], rel.parts[1]) if len(rel.parts) == 2 else None


def orphans() -> list[tuple[EmulatorInfo, str]]:
    """Emulators no env owns any more: (emulator, why).

    An emulator is orphaned when its workdir is gone, or when it belongs to this
    labctl home but the state store has no such env. Emulators of other labctl
    homes with a live workdir are someone else's and are left alone.
    """
    from labctl.state import Store

    found: list[tuple[EmulatorInfo, str]] = []
    store: Store | None = None
    for info in running_emulators():
        if not os.path.isdir(info.workdir):
            found.append((info, "its env's workdir no longer exists"))
            continue
        owner = env_of(info)
        if owner is None:
            continue
        store = store or Store()
        if store.get_env(*owner) is None:
            found.append((info, f"state has no env {owner[1]} of lab {owner[0]}"))
    return found


def orphan_findings() -> list[str]:
    """`labctl doctor` lines about orphaned emulators, each with how to stop it."""
    out = []
    for info, why in orphans():
        owner = env_of(info)
        how = (f"`labctl down {owner[0]} --env {owner[1]}`" if owner else f"`kill {info.pid}`")
        out.append(f"orphaned AWS emulator (pid {info.pid}, port {info.port}, workdir {info.workdir}): "
                   f"{why}; stop it with {how}.")
    return out
