"""A real two-node Docker Swarm on one machine, for labctl's swarm tests.

The second node is a second `dockerd` in a network namespace of its own (never in the
host's: a second daemon there once deleted the host's docker0), with its own data-root,
exec-root, pidfile and socket, joined to this machine's swarm over a veth pair:

    host netns: this machine's engine (manager)  <- veth 10.241.N.1/30 -> 10.241.N.2: node 2

It is started with `nsenter --net` (not `ip netns exec`, which remounts /sys and hides the
cgroup mounts dockerd needs). Everything it made is removed at the end: the daemon (by the
pid we started), its mounts, folders, cgroups, the namespace and the veth pair; a swarm the
tests made is left again, and one that was there before is never touched.

A run that is killed (kill -9, a CI timeout) cannot clean up. Each node therefore writes an
owner file (the test process's pid and start time, and whether it made the host's swarm),
and `sweep_stale()` runs before a new node is made: whatever a harness of a dead test process
left (its daemon and containerd processes, found by our paths in their command lines; mounts,
folders, cgroups, namespace, veth, and the host's swarm if that run made it on its veth) is
removed, so a killed run never blocks or pollutes the next. Leftovers of a live run (another
session's) are never touched.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

#: the swarm's own address pool: clear of labctl's class pool (10.213/16) and Docker's bridges
ADDR_POOL = "10.239.0.0/16"
#: every name the harness gives a node (netns, veth `<name>h`/`<name>n`, folders, cgroups)
NAME = re.compile(r"lbn\d+")
NODE_ROOT = "/var/lib/labctl-test-"
NODE_RUN = "/run/labctl-test-"
CGROUP = "labctl-test-"
OWNER_FILE = "owner.json"


def run(argv: list[str], *, check: bool = True, timeout: float = 120, **kw: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kw)  # type: ignore[call-overload]
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")
    return result


def swarm_state(docker: list[str] | None = None) -> dict[str, object]:
    out = run([*(docker or ["docker"]), "info", "--format", "{{json .Swarm}}"]).stdout
    return dict(json.loads(out))


def _free_link_net() -> ipaddress.IPv4Network:
    """A /30 for the veth pair that no route of this host uses."""
    used = []
    for line in Path("/proc/net/route").read_text().splitlines()[1:]:
        f = line.split()
        dest = ipaddress.IPv4Address(int(f[1], 16).to_bytes(4, "little"))
        mask = ipaddress.IPv4Address(int(f[7], 16).to_bytes(4, "little"))
        if int(mask) == 0:
            continue  # the default route
        with contextlib.suppress(ValueError):
            used.append(ipaddress.IPv4Network(f"{dest}/{mask}", strict=False))
    for n in range(os.getpid() % 200, 256):
        net = ipaddress.IPv4Network(f"10.241.{n}.0/30")
        if not any(net.overlaps(u) for u in used):
            return net
    raise RuntimeError("no free 10.241.x.0/30 for the second node's link")


def _start_time(pid: int) -> str | None:
    """The start time of a process (field 22 of /proc/PID/stat), None if it is gone: with the pid,
    it tells a live owner from a recycled pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def _alive(pid: int) -> bool:
    """A process that runs (a zombie, which only waits to be reaped, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _within(text: str, folder: Path | str) -> bool:
    """`text` names `folder` or something in it (so lbn1 is not mistaken for lbn12)."""
    return re.search(re.escape(str(folder)) + r"(/|$)", text) is not None


def _cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def _owner_alive(name: str) -> bool:
    """Whether the test process that made node `name` still runs."""
    try:
        owner = json.loads((Path(NODE_RUN + name) / OWNER_FILE).read_text())
        return _alive(int(owner["pid"])) and _start_time(int(owner["pid"])) == owner["start"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    # No owner file (a harness older than it): the name carries the pid. Conservative: a live
    # process with that pid that could be a test run keeps the leftovers.
    pid = int(name.removeprefix("lbn"))
    argv = " ".join(_cmdline(pid))
    return _alive(pid) and ("python" in argv or "pytest" in argv)


def _leftover_names() -> set[str]:
    names: set[str] = set()
    with contextlib.suppress(OSError):
        names.update(p.name for p in Path("/run/netns").iterdir())
    for line in run(["ip", "-o", "link", "show"], check=False).stdout.splitlines():
        parts = line.split(":", 2)
        if len(parts) > 1:
            link = parts[1].strip().split("@", 1)[0]
            if link[:-1] and link[-1] in "hn":
                names.add(link[:-1])
    for prefix in (NODE_ROOT, NODE_RUN):
        parent = Path(prefix).parent
        with contextlib.suppress(OSError):
            names.update(p.name.removeprefix(Path(prefix).name) for p in parent.iterdir()
                         if p.name.startswith(Path(prefix).name))
    for hierarchy in _cgroup_hierarchies():
        with contextlib.suppress(OSError):
            names.update(p.name.removeprefix(CGROUP) for p in hierarchy.iterdir() if p.name.startswith(CGROUP))
    return {n for n in names if NAME.fullmatch(n)}


def _cgroup_hierarchies() -> list[Path]:
    """Every cgroup hierarchy mounted on this machine (v1 controllers, and v2)."""
    out: list[Path] = []
    for line in Path("/proc/mounts").read_text().splitlines():
        fields = line.split()
        if len(fields) > 2 and fields[2] in ("cgroup", "cgroup2"):
            out.append(Path(fields[1]))
    return out


def sweep_stale() -> list[str]:
    """Remove what harnesses of dead test processes left; the names of the nodes removed."""
    removed = []
    for name in sorted(_leftover_names()):
        if not _owner_alive(name):
            SecondNode(name=name, net=ipaddress.IPv4Network("0.0.0.0/30")).remove_stale()
            removed.append(name)
    return removed


@dataclass
class SecondNode:
    name: str = field(default_factory=lambda: f"lbn{os.getpid()}")
    net: ipaddress.IPv4Network = field(default_factory=_free_link_net)
    proc: subprocess.Popen[bytes] | None = None
    started_netns: bool = False

    @property
    def host_ip(self) -> str:
        return str(self.net.network_address + 1)

    @property
    def node_ip(self) -> str:
        return str(self.net.network_address + 2)

    @property
    def root(self) -> Path:
        return Path(f"/var/lib/labctl-test-{self.name}")

    @property
    def run_dir(self) -> Path:
        return Path(f"/run/labctl-test-{self.name}")

    @property
    def socket(self) -> Path:
        return self.run_dir / "docker.sock"

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    @property
    def docker(self) -> list[str]:
        return ["docker", "-H", self.url]

    @property
    def veth(self) -> tuple[str, str]:
        return f"{self.name}h", f"{self.name}n"

    def netns(self, *argv: str) -> list[str]:
        return ["nsenter", f"--net=/run/netns/{self.name}", *argv]

    @property
    def owner_file(self) -> Path:
        return self.run_dir / OWNER_FILE

    def write_owner(self, **extra: object) -> None:
        """Who made this node (so a later run can tell a killed run's leftovers from a live one's)."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        owner: dict[str, object] = {}
        with contextlib.suppress(OSError, ValueError):
            owner = json.loads(self.owner_file.read_text())
        owner.update({"pid": os.getpid(), "start": _start_time(os.getpid()), "host_ip": self.host_ip, **extra})
        self.owner_file.write_text(json.dumps(owner))

    def create_network(self) -> None:
        host, node = self.veth
        self.write_owner()
        run(["ip", "netns", "add", self.name])
        self.started_netns = True
        run(["ip", "link", "add", host, "type", "veth", "peer", "name", node])
        run(["ip", "link", "set", node, "netns", self.name])
        run(["ip", "addr", "add", f"{self.host_ip}/30", "dev", host])
        run(["ip", "link", "set", host, "up"])
        run(self.netns("ip", "addr", "add", f"{self.node_ip}/30", "dev", node))
        run(self.netns("ip", "link", "set", node, "up"))
        run(self.netns("ip", "link", "set", "lo", "up"))
        run(self.netns("ip", "route", "add", "default", "via", self.host_ip))

    def start_daemon(self, timeout: float = 120) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.root / "dockerd.log", "ab")  # noqa: SIM115 - the daemon writes it while it runs
        self.proc = subprocess.Popen(
            self.netns("dockerd", "--data-root", str(self.root / "data"), "--exec-root", str(self.run_dir / "exec"),
                       "--pidfile", str(self.run_dir / "docker.pid"), "-H", self.url,
                       "--storage-driver", "overlay2", "--cgroup-parent", f"/labctl-test-{self.name}"),
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = (self.root / "dockerd.log").read_text(errors="replace").strip().splitlines()[-3:]
                raise RuntimeError(f"the second dockerd exited ({self.proc.returncode}): {' | '.join(tail)}")
            if self.socket.exists() and run([*self.docker, "version"], check=False, timeout=20).returncode == 0:
                return
            time.sleep(0.5)
        raise RuntimeError(f"the second dockerd did not answer on {self.socket} within {timeout:.0f}s")

    def stop_daemon(self, timeout: float = 60) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def join(self, token: str) -> str:
        run([*self.docker, "swarm", "join", "--token", token, "--advertise-addr", self.node_ip,
             "--listen-addr", f"{self.node_ip}:2377", f"{self.host_ip}:2377"])
        return str(swarm_state(self.docker)["NodeID"])

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            if self.proc is not None and self.proc.poll() is None:
                run([*self.docker, "swarm", "leave", "--force"], check=False, timeout=60)
        self.stop_daemon()
        for line in reversed(Path("/proc/mounts").read_text().splitlines()):
            target = line.split()[1]
            if _within(target, self.root) or _within(target, self.run_dir):
                run(["umount", "-l", target], check=False)
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.run_dir, ignore_errors=True)
        if self.started_netns:
            run(["ip", "netns", "del", self.name], check=False)
        run(["ip", "link", "del", self.veth[0]], check=False)
        self._remove_cgroups()

    def _remove_cgroups(self) -> None:
        """The daemon's --cgroup-parent in every hierarchy (empty once its containers are gone)."""
        for hierarchy in _cgroup_hierarchies():
            top = hierarchy / f"{CGROUP}{self.name}"
            if not top.is_dir():
                continue
            for sub in sorted((p for p in top.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
                with contextlib.suppress(OSError):
                    sub.rmdir()
            with contextlib.suppress(OSError):
                top.rmdir()

    def _processes(self) -> list[int]:
        """Processes of this node: its dockerd, containerd and shims (our folders in their command
        lines), and whatever still runs in its cgroups (its containers)."""
        found: set[int] = set()
        marks = (str(self.root), str(self.run_dir))
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and any(_within(a, m) for a in _cmdline(int(entry.name)) for m in marks):
                found.add(int(entry.name))
        for hierarchy in _cgroup_hierarchies():
            top = hierarchy / f"{CGROUP}{self.name}"
            for procs in top.rglob("cgroup.procs") if top.is_dir() else []:
                with contextlib.suppress(OSError, ValueError):
                    found.update(int(p) for p in procs.read_text().split())
        found.discard(os.getpid())
        return sorted(found)

    def remove_stale(self) -> None:
        """Remove what a killed run left of this node (see `sweep_stale`)."""
        owner: dict[str, object] = {}
        with contextlib.suppress(OSError, ValueError):
            owner = json.loads(self.owner_file.read_text())
        host_ip = str(owner.get("host_ip") or "")
        if not host_ip:  # the veth's address on this side, if it is still there
            out = run(["ip", "-o", "-4", "addr", "show", "dev", self.veth[0]], check=False).stdout.split()
            host_ip = out[3].split("/")[0] if len(out) > 3 else ""
        # The host's swarm, if that run made it on its own veth (no one else advertises there).
        with contextlib.suppress(Exception):
            state = swarm_state()
            if host_ip and state.get("LocalNodeState") == "active" and state.get("NodeAddr") == host_ip:
                run(["docker", "swarm", "leave", "--force"], check=False, timeout=120)
                if owner.get("gwbridge_before") is False:
                    run(["docker", "network", "rm", "docker_gwbridge"], check=False)
        # What that run's labctl store made on this engine (the swarm's leaving took its services
        # and their containers; the class registry's data volume, say, stays).
        store = str(owner.get("store") or "")
        if store:
            label = f"label=io.labctl.store={store}"
            for listing, removal in ((["ps", "-aq"], ["rm", "-f"]), (["volume", "ls", "-q"], ["volume", "rm", "-f"]),
                                     (["network", "ls", "-q"], ["network", "rm"])):
                ids = run(["docker", *listing, "--filter", label], check=False).stdout.split()
                if ids:
                    run(["docker", *removal, *ids], check=False)
        # Its processes, by pid: TERM, then KILL what is left.
        for sig in (signal.SIGTERM, signal.SIGKILL):
            pids = self._processes()
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + 30
            while pids and time.monotonic() < deadline:
                time.sleep(0.2)
                pids = [p for p in pids if _alive(p)]
        self.started_netns = Path(f"/run/netns/{self.name}").exists()
        self.proc = None
        self.remove()


@dataclass
class SwarmUnderTest:
    """The swarm the tests run on: made by them (and left at the end), with a second node if one
    could be started; `why_single` says why not."""

    manager_id: str
    made_here: bool
    node2: SecondNode | None = None
    node2_id: str = ""
    why_single: str = ""
    gwbridge_before: bool = True

    @classmethod
    def start(cls) -> SwarmUnderTest:
        swept = sweep_stale()
        if swept:
            print(f"swarm harness: removed what killed runs left: {', '.join(swept)}")
        state = swarm_state()
        gwbridge = run(["docker", "network", "inspect", "docker_gwbridge"], check=False).returncode == 0
        if state.get("LocalNodeState") == "active":
            if not state.get("ControlAvailable"):
                raise RuntimeError("this engine is a swarm worker; the swarm tests need a manager")
            return cls(str(state["NodeID"]), made_here=False, why_single="a swarm was already active: "
                       "the tests use it as it is and add no node", gwbridge_before=gwbridge)
        node2: SecondNode | None = SecondNode()
        why = ""
        try:
            node2.create_network()
            node2.start_daemon()
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            why = f"the second node could not start: {exc}"
            node2.remove()
            node2 = None
        advertise = node2.host_ip if node2 else "127.0.0.1"
        if node2 is not None:  # before init: a run killed right after it must leave the swarm too
            node2.write_owner(made_swarm=True, gwbridge_before=gwbridge)
        run(["docker", "swarm", "init", "--advertise-addr", advertise, "--listen-addr", f"{advertise}:2377",
             "--default-addr-pool", ADDR_POOL, "--default-addr-pool-mask-length", "24"])
        me = cls(str(swarm_state()["NodeID"]), made_here=True, node2=node2, why_single=why, gwbridge_before=gwbridge)
        if node2 is not None:
            token = run(["docker", "swarm", "join-token", "-q", "worker"]).stdout.strip()
            try:
                me.node2_id = node2.join(token)
            except RuntimeError as exc:
                me.why_single = f"the second node could not join: {exc}"
                node2.remove()
                me.node2 = None
        return me

    def note(self, **facts: object) -> None:
        """Record more about this run for `sweep_stale` (the id of the labctl store the tests use)."""
        if self.node2 is not None:
            self.node2.write_owner(**facts)

    def wait_node(self, node_id: str, state: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        found = ""
        while time.monotonic() < deadline:
            found = run(["docker", "node", "inspect", node_id, "--format", "{{.Status.State}}"], check=False).stdout.strip()
            if found == state:
                return
            time.sleep(1)
        raise AssertionError(f"node {node_id} is {found}, not {state}, after {timeout:.0f}s")

    def stop(self) -> None:
        if self.node2 is not None:
            if self.node2_id:
                run(["docker", "node", "rm", "--force", self.node2_id], check=False)
            self.node2.remove()
        if self.made_here:
            run(["docker", "swarm", "leave", "--force"], check=False, timeout=120)
            if not self.gwbridge_before:
                run(["docker", "network", "rm", "docker_gwbridge"], check=False)
