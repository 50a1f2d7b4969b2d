"""A rendered compose file, translated for `docker stack deploy` (one stack per env).

Measured on engine 20.10: stack deploy ignores `build` and `container_name` (with a
warning) and `depends_on` (silently), rejects top-level `mem_limit`/`pids_limit`, accepts
`deploy.resources.limits.pids` only with format 3.9, and applies cap_add/cap_drop,
healthchecks, sysctls and ulimits. Nothing Swarm would drop is lost here; every key of a
service is passed on, converted, or refused with the reason:

- `mem_limit`, `cpus`, `pids_limit` (and the env's limits) -> `deploy.resources.limits`;
  memory (and optionally CPU) is also *reserved*, so the scheduler never overcommits a node;
- `restart` -> `deploy.restart_policy` (default `none`: a container Swarm re-creates loses
  the student's work, so nothing is re-created behind their back);
- `depends_on` -> deploy waves: labctl deploys the services a wave depends on first and
  waits for its own readiness probe before the next wave;
- `build` (with an image) and `container_name` are dropped: images come from the class
  registry, and services are named `<stack>_<service>`;
- bind mounts of files labctl rendered -> swarm configs (secrets when mounted under
  /run/secrets/),
  bind mounts of folders -> folders on the env's node (labctl seeds them from the env's
  workdir and reads them back before grading);
- networks -> overlay networks of the stack, with the subnet labctl chose;
- every service is pinned to the env's node, uses DNS round robin (no virtual IP: one task
  per service, and no IPVS needed), and carries the env's labels, as does every network,
  volume, config and secret.

Keys that change what a container may do on its node (privileged, host namespaces,
devices, security_opt, ...) or that Swarm cannot express are refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from labctl.env.labels import LABEL_SERVICE
from labctl.errors import SpecError

VERSION = "3.9"
#: a swarm service name (`<stack>_<service>`) is a DNS label
MAX_SERVICE_NAME = 63

#: service keys passed on as they are
PASSED = frozenset({
    "image", "command", "entrypoint", "environment", "env_file", "hostname", "working_dir", "user",
    "init", "cap_add", "cap_drop", "sysctls", "ulimits", "tty", "stdin_open", "stop_grace_period",
    "stop_signal", "read_only", "tmpfs", "extra_hosts", "dns", "dns_search", "domainname", "logging",
    "expose", "secrets", "configs", "isolation",
})
#: service keys this module converts
CONVERTED = frozenset({
    "labels", "deploy", "networks", "volumes", "healthcheck", "ports", "mem_limit", "mem_reservation",
    "memswap_limit", "cpus", "pids_limit", "restart", "depends_on", "build", "container_name",
    "platform", "pull_policy",
})
#: service keys refused, with why
REFUSED: dict[str, str] = {
    "privileged": "privileged containers are not possible on Swarm (and a class never gets them)",
    "network_mode": "Swarm services cannot share another namespace or the host's network",
    "pid": "Swarm services cannot share the host's or another container's processes",
    "ipc": "Swarm services cannot share IPC namespaces",
    "userns_mode": "Swarm services cannot choose a user namespace",
    "uts": "Swarm services cannot share the host's UTS namespace",
    "cgroup": "Swarm services cannot choose a cgroup namespace",
    "devices": "Swarm services cannot map host devices",
    "security_opt": "Swarm services ignore security_opt (its profiles would be lost)",
    "cgroup_parent": "Swarm services cannot choose a cgroup parent",
    "links": "links are not supported by Swarm; services of a stack find each other by name",
    "external_links": "links are not supported by Swarm",
    "volumes_from": "Swarm services cannot mount another container's volumes",
    "shm_size": "Swarm services cannot size /dev/shm (use a tmpfs mount)",
    "oom_kill_disable": "not supported by Swarm services",
    "oom_score_adj": "not supported by Swarm services",
    "cpu_shares": "use cpus (a limit) instead: Swarm has no CPU shares",
    "cpu_quota": "use cpus (a limit) instead",
    "cpu_period": "use cpus (a limit) instead",
    "cpuset": "Swarm services cannot pin CPUs",
    "blkio_config": "not supported by Swarm services",
    "device_cgroup_rules": "not supported by Swarm services",
    "group_add": "not supported by docker stack deploy",
    "scale": "a stack runs one task per service; use deploy.replicas",
    "profiles": "a stack has no profiles: every service in the file runs",
    "runtime": "Swarm services cannot choose a runtime",
    "storage_opt": "not supported by Swarm services",
    "mac_address": "not supported by Swarm services",
}
SECRETS_DIR = "/run/secrets/"
_SHORT_PORT = re.compile(
    r"^(?:(?P<ip>\d+\.\d+\.\d+\.\d+|\[[0-9a-fA-F:]+\]):)?(?:(?P<pub>\d+):)?(?P<target>\d+)(?:/(?P<proto>tcp|udp|sctp))?$")


@dataclass(frozen=True)
class Published:
    """A port labctl publishes for the env (its `scheme: ssh` ports, for students)."""

    service: str
    target: int
    published: int
    protocol: str = "tcp"


@dataclass
class StackPlan:
    """What labctl decided for one env's stack."""

    stack: str
    #: the env's labels (store, lab, env, class, student): on every object
    labels: dict[str, str]
    #: the swarm node id every service is constrained to ("": no constraint)
    node: str = ""
    #: per-container limits: memory, cpus, pids (the template's own win)
    limits: dict[str, Any] = field(default_factory=dict)
    #: memory each container reserves ("": as much as its memory limit)
    reserve_memory: str = ""
    reserve_cpus: float = 0.0
    publish: list[Published] = field(default_factory=list)
    publish_mode: Literal["host", "mesh"] = "host"
    #: network name -> subnet
    subnets: dict[str, str] = field(default_factory=dict)
    #: the env's workdir on this machine (relative bind sources are relative to it)
    workdir: Path = Path(".")
    #: where the env's folders are on its node ("": not known yet)
    files_root: str = ""


@dataclass(frozen=True)
class FileMount:
    """A file labctl rendered, mounted into a service as a swarm config or secret."""

    key: str
    source: Path
    kind: Literal["configs", "secrets"]
    name: str


@dataclass(frozen=True)
class Folder:
    """A folder of the env's workdir that services bind-mount: it lives on the env's node."""

    rel: str
    source: Path


@dataclass
class Translation:
    doc: dict[str, Any]
    files: list[FileMount] = field(default_factory=list)
    folders: list[Folder] = field(default_factory=list)
    #: services in deploy order: every wave depends only on earlier ones
    waves: list[list[str]] = field(default_factory=list)
    #: what was dropped or changed, for the curious (`labctl render`)
    notes: list[str] = field(default_factory=list)

    def wave_doc(self, upto: int) -> dict[str, Any]:
        """The stack file with the services of waves 0..upto (deployed one after another)."""
        keep = {s for wave in self.waves[: upto + 1] for s in wave}
        doc = dict(self.doc)
        doc["services"] = {k: v for k, v in self.doc["services"].items() if k in keep}
        return doc


def _fail(message: str, source: str, where: str | None = None) -> SpecError:
    return SpecError(message, file=source, field=where)


def memory_bytes(text: object) -> int:
    """'256m', '1g', '512k', '1024' (bytes) -> bytes; 0 for nothing."""
    if text in (None, ""):
        return 0
    if isinstance(text, int | float):
        return int(text)
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)b?\s*", str(text).lower())
    if not match:
        raise ValueError(f"memory size '{text}' is not understood (use e.g. 256m or 1g)")
    scale = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[match.group(2)]
    return int(float(match.group(1)) * scale)


def waves(services: dict[str, Any], source: str) -> list[list[str]]:
    """Services grouped so each depends only on earlier groups (`depends_on`, list or mapping)."""
    deps: dict[str, set[str]] = {}
    for name, svc in services.items():
        raw = (svc or {}).get("depends_on") or []
        needed = set(raw) if isinstance(raw, list | dict) else set()
        unknown = needed - set(services)
        if unknown:
            raise _fail(f"service '{name}' depends on {', '.join(sorted(unknown))}, which the compose "
                        "file does not define", source, f"services.{name}.depends_on")
        deps[name] = needed
    order: list[list[str]] = []
    done: set[str] = set()
    while len(done) < len(services):
        wave = [n for n in services if n not in done and deps[n] <= done]
        if not wave:
            cycle = ", ".join(sorted(set(services) - done))
            raise _fail(f"the services {cycle} depend on each other in a cycle", source, "services")
        order.append(wave)
        done.update(wave)
    return order


def _label_item(item: str) -> tuple[str, str]:
    key, _, value = item.partition("=")
    return key, value


def _restart_policy(value: object) -> dict[str, Any]:
    text = str(value or "no").strip().strip('"')
    if text in ("no", "false"):
        return {"condition": "none"}
    if text in ("always", "unless-stopped"):
        return {"condition": "any"}
    if text.startswith("on-failure"):
        policy: dict[str, Any] = {"condition": "on-failure"}
        _, _, attempts = text.partition(":")
        if attempts.isdigit():
            policy["max_attempts"] = int(attempts)
        return policy
    return {"condition": "none"}


def _port_entries(svc_name: str, ports: list[Any], mode: str, source: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for entry in ports:
        if isinstance(entry, dict):
            item = dict(entry)
            if item.get("host_ip"):
                raise _fail(f"service '{svc_name}' publishes a port on address {item['host_ip']}: Swarm "
                            "publishes on every address of a node", source, f"services.{svc_name}.ports")
            item.setdefault("mode", mode)
            out.append(item)
            continue
        match = _SHORT_PORT.match(str(entry))
        if not match:
            raise _fail(f"service '{svc_name}' port '{entry}' is not understood (ranges are not supported "
                        "on Swarm)", source, f"services.{svc_name}.ports")
        if match.group("ip"):
            raise _fail(f"service '{svc_name}' publishes port '{entry}' on one address: Swarm publishes on "
                        "every address of a node", source, f"services.{svc_name}.ports")
        item = {"target": int(match.group("target")), "protocol": match.group("proto") or "tcp", "mode": mode}
        if match.group("pub"):
            item["published"] = int(match.group("pub"))
        out.append(item)
    return out


class _Translator:
    def __init__(self, doc: dict[str, Any], plan: StackPlan, source: str):
        self.src_doc = doc
        self.plan = plan
        self.source = source
        self.notes: list[str] = []
        self.files: dict[str, FileMount] = {}
        self.folders: dict[str, Folder] = {}
        self.used_networks: list[str] = []

    def run(self) -> Translation:
        services_in: dict[str, Any] = self.src_doc.get("services") or {}
        if not isinstance(services_in, dict) or not services_in:
            raise _fail("the rendered compose file has no 'services' mapping", self.source)
        order = waves(services_in, self.source)
        services = {name: self.service(name, svc or {}) for name, svc in services_in.items()}
        doc: dict[str, Any] = {"version": VERSION, "services": services}
        doc["networks"] = self.networks()
        volumes = self.volumes()
        if volumes:
            doc["volumes"] = volumes
        for kind in ("configs", "secrets"):
            top = self.top_level(kind)
            if top:
                doc[kind] = top
        for key in self.src_doc:
            if key not in ("version", "name", "services", "networks", "volumes", "configs", "secrets") \
                    and not str(key).startswith("x-"):
                raise _fail(f"top-level key '{key}' is not supported by docker stack deploy", self.source, key)
        return Translation(doc, list(self.files.values()), list(self.folders.values()), order, self.notes)

    # -- services ----------------------------------------------------------------

    def service(self, name: str, svc: dict[str, Any]) -> dict[str, Any]:
        plan, where = self.plan, f"services.{name}"
        full = f"{plan.stack}_{name}"
        if len(full) > MAX_SERVICE_NAME:
            raise _fail(f"service name '{name}' is too long for Swarm: '{full}' exceeds {MAX_SERVICE_NAME} "
                        "characters (use a shorter service name)", self.source, where)
        for key in svc:
            if key in REFUSED:
                raise _fail(f"service '{name}' uses '{key}', which a Swarm class cannot run: {REFUSED[key]}",
                            self.source, f"{where}.{key}")
            if key not in PASSED and key not in CONVERTED and not str(key).startswith("x-"):
                raise _fail(f"service '{name}' uses '{key}', which docker stack deploy does not support",
                            self.source, f"{where}.{key}")
        if "image" not in svc:
            raise _fail(f"service '{name}' has no image: Swarm cannot build images (labctl builds the "
                        "lab's images/ and pushes them to the class registry)", self.source, where)
        out: dict[str, Any] = {k: v for k, v in svc.items() if k in PASSED}
        if "build" in svc:
            self.notes.append(f"{name}: build dropped (the image comes from the class registry)")
        if "container_name" in svc:
            self.notes.append(f"{name}: container_name dropped (Swarm names it {full}.1.<task>)")
        if svc.get("depends_on"):
            self.notes.append(f"{name}: depends_on became a deploy wave (labctl waits for readiness)")
        labels = svc.get("labels") or {}
        if isinstance(labels, list):
            labels = dict(_label_item(str(item)) for item in labels)
        own = {**labels, **plan.labels, LABEL_SERVICE: name}
        out["labels"] = own
        if "healthcheck" in svc:
            out["healthcheck"] = svc["healthcheck"]
        out["networks"] = self.service_networks(name, svc.get("networks"))
        volumes, files = self.mounts(name, svc.get("volumes") or [])
        if volumes:
            out["volumes"] = volumes
        for kind, items in files.items():
            out[kind] = [*(out.get(kind) or []), *items]
        ports = _port_entries(name, list(svc.get("ports") or []), self.mode, self.source)
        for p in plan.publish:
            if p.service == name:
                ports.append({"target": p.target, "published": p.published, "protocol": p.protocol,
                              "mode": self.mode})
        if ports:
            out["ports"] = ports
        out["deploy"] = self.deploy(name, svc, bool(ports))
        return out

    @property
    def mode(self) -> str:
        return "ingress" if self.plan.publish_mode == "mesh" else "host"

    def deploy(self, name: str, svc: dict[str, Any], publishes: bool) -> dict[str, Any]:
        plan = self.plan
        deploy: dict[str, Any] = dict(svc.get("deploy") or {})
        if deploy.get("mode", "replicated") != "replicated":
            raise _fail(f"service '{name}' is deploy.mode {deploy['mode']}: an env's services run once, "
                        "on the env's node", self.source, f"services.{name}.deploy.mode")
        deploy.setdefault("replicas", 1)
        deploy["labels"] = {**(deploy.get("labels") or {}), **plan.labels, LABEL_SERVICE: name}
        # One task per service: DNS round robin needs no virtual IP (nor IPVS on the nodes).
        # Routing-mesh ports need a virtual IP.
        deploy["endpoint_mode"] = "vip" if publishes and self.mode == "ingress" else "dnsrr"
        placement = dict(deploy.get("placement") or {})
        if plan.node:
            placement["constraints"] = [*(placement.get("constraints") or []), f"node.id=={plan.node}"]
        if placement:
            deploy["placement"] = placement
        if "restart_policy" not in deploy:
            deploy["restart_policy"] = _restart_policy(svc.get("restart"))
        resources = dict(deploy.get("resources") or {})
        limits = dict(resources.get("limits") or {})
        memory = svc.get("mem_limit") or limits.get("memory") or plan.limits.get("memory")
        cpus = svc.get("cpus") or limits.get("cpus") or plan.limits.get("cpus")
        pids = svc.get("pids_limit") or limits.get("pids") or plan.limits.get("pids")
        if memory:
            limits["memory"] = str(memory)
        if cpus:
            limits["cpus"] = str(cpus)
        if pids:
            limits["pids"] = int(pids)
        if limits:
            resources["limits"] = limits
        reservations = dict(resources.get("reservations") or {})
        reserve = svc.get("mem_reservation") or plan.reserve_memory or memory
        if reserve:
            reservations.setdefault("memory", str(reserve))
        if plan.reserve_cpus:
            reservations.setdefault("cpus", str(plan.reserve_cpus))
        if reservations:
            resources["reservations"] = reservations
        if resources:
            deploy["resources"] = resources
        if "memswap_limit" in svc:
            self.notes.append(f"{name}: memswap_limit dropped (Swarm has no swap limit)")
        return deploy

    # -- networks ----------------------------------------------------------------

    def service_networks(self, name: str, nets: Any) -> Any:
        if not nets:
            self._use("default")
            return ["default"]
        if isinstance(nets, list):
            for n in nets:
                self._use(str(n))
            return list(nets)
        out: dict[str, Any] = {}
        for net, cfg in dict(nets).items():
            self._use(str(net))
            cfg = dict(cfg or {})
            for key in ("ipv4_address", "ipv6_address", "link_local_ips", "priority"):
                if key in cfg:
                    raise _fail(f"service '{name}' sets {key} on network '{net}', which Swarm does not "
                                "support", self.source, f"services.{name}.networks.{net}")
            out[net] = cfg or None
        return out

    def _use(self, net: str) -> None:
        if net not in self.used_networks:
            self.used_networks.append(net)

    def networks(self) -> dict[str, Any]:
        declared: dict[str, Any] = dict(self.src_doc.get("networks") or {})
        out: dict[str, Any] = {}
        for name in [*declared, *(n for n in self.used_networks if n not in declared)]:
            if name not in declared and name != "default":
                raise _fail(f"a service uses network '{name}', which the compose file does not declare",
                            self.source, "networks")
            net = dict(declared.get(name) or {})
            if net.get("external"):
                out[name] = net
                continue
            driver = net.get("driver", "bridge")
            if driver not in ("bridge", "overlay"):
                raise _fail(f"network '{name}' uses driver {driver}: a stack's networks are overlay networks",
                            self.source, f"networks.{name}.driver")
            net["driver"] = "overlay"
            if driver == "bridge":  # a bridge's options mean nothing to an overlay
                net.pop("driver_opts", None)
            net["labels"] = {**(net.get("labels") or {}), **self.plan.labels}
            net["attachable"] = False
            if name in self.plan.subnets and not net.get("ipam"):
                net["ipam"] = {"config": [{"subnet": self.plan.subnets[name]}]}
            out[name] = net
        return out

    # -- volumes, configs, secrets, folders -----------------------------------------

    def volumes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, vol in dict(self.src_doc.get("volumes") or {}).items():
            vol = dict(vol or {})
            if not vol.get("external"):
                vol["labels"] = {**(vol.get("labels") or {}), **self.plan.labels}
            out[name] = vol
        return out

    def top_level(self, kind: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, item in dict(self.src_doc.get(kind) or {}).items():
            item = dict(item or {})
            if item.get("file"):
                item["file"] = str(self._resolve(str(item["file"]), f"{kind}.{key}"))
            if not item.get("external"):
                item["labels"] = {**(item.get("labels") or {}), **self.plan.labels}
            out[key] = item
        for mount in self.files.values():
            if mount.kind == kind:
                out[mount.key] = {"file": str(mount.source), "name": mount.name, "labels": dict(self.plan.labels)}
        return out

    def _resolve(self, text: str, where: str) -> Path:
        workdir = self.plan.workdir.resolve()
        raw = Path(text).expanduser()
        path = (raw if raw.is_absolute() else workdir / raw).resolve()
        if path != workdir and not path.is_relative_to(workdir):
            raise _fail(f"{where} mounts {text}, outside the env's folder: a swarm node has no such path",
                        self.source, where)
        return path

    def mounts(self, svc: str, volumes: list[Any]) -> tuple[list[Any], dict[str, list[dict[str, Any]]]]:
        kept: list[Any] = []
        files: dict[str, list[dict[str, Any]]] = {}
        where = f"services.{svc}.volumes"
        for entry in volumes:
            if isinstance(entry, dict):
                kind = entry.get("type", "volume")
                if kind != "bind":
                    kept.append(entry)
                    continue
                source, target = str(entry.get("source", "")), str(entry["target"])
                read_only = bool(entry.get("read_only"))
            else:
                parts = str(entry).split(":")
                if len(parts) == 1 or not parts[0].startswith(("/", ".", "~")):
                    kept.append(entry)
                    continue
                source, target = parts[0], parts[1]
                read_only = len(parts) > 2 and "ro" in parts[2].split(",")
            path = self._resolve(source, where)
            rel = path.relative_to(self.plan.workdir.resolve()).as_posix()
            if path.is_file():
                mount = self._file(rel, path, target)
                mode = 0o555 if path.stat().st_mode & 0o111 else 0o444
                files.setdefault(mount.kind, []).append({"source": mount.key, "target": target, "mode": mode})
                if not read_only:
                    self.notes.append(f"{svc}: {rel} is mounted read-only (a swarm {mount.kind[:-1]})")
                continue
            self.folders.setdefault(rel, Folder(rel, path))
            root = self.plan.files_root or "/labctl-files"
            node_path = f"{root.rstrip('/')}/{rel}" if rel != "." else root
            kept.append({"type": "bind", "source": node_path, "target": target, "read_only": read_only})
        return kept, files

    def _file(self, rel: str, path: Path, target: str) -> FileMount:
        digest = hashlib.sha256(rel.encode() + b"\0" + path.read_bytes()).hexdigest()[:12]
        kind: Literal["configs", "secrets"] = "secrets" if target.startswith(SECRETS_DIR) else "configs"
        key = "labctl-" + re.sub(r"[^A-Za-z0-9_.-]", "-", rel).strip("-.")
        mount = FileMount(key, path, kind, f"{self.plan.stack}-{digest}")
        self.files.setdefault(key, mount)
        return self.files[key]


def translate(doc: dict[str, Any], plan: StackPlan, source: str = "compose.yaml") -> Translation:
    """The stack file (and what must exist for it) for a rendered compose file."""
    return _Translator(doc, plan, source).run()
