"""Swarm backend: an env as one stack on a Docker Swarm, pinned to one node.

The lab's compose part is rendered as on this machine, then translated for `docker stack
deploy` (labctl.swarm.stack); an env that needs an AWS emulator gets it as a service of the
same stack. The stack is deployed through the manager labctl runs on; everything that
touches containers (readiness probes, exec, shells, grading, the env's folders, tunnels)
goes through the engine of the env's node, at the endpoint the instructor configured.

Names carry the store id (`labctl-<store>-<lab>--<env>`, shortened with a digest to fit
Swarm's 63-character service names) and every object carries the env's labels, so `down`
and `class down` find and remove them on any node.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml

from labctl import docker_engine, images, runner
from labctl.backends import healthprobe
from labctl.backends.base import Backend, docker_exec_argv, service_not_running
from labctl.env.labels import LABEL_SERVICE, LABEL_STUDENT, filters, owned_by
from labctl.env.naming import stack_name
from labctl.env.status import Component
from labctl.errors import LabctlError, PrerequisiteError, SpecError
from labctl.logtail import LOG_TAIL
from labctl.render import render_template, write_file
from labctl.swarm import cluster, emulator, files, placement, registry
from labctl.swarm import stack as stack_mod
from labctl.swarm.cluster import Endpoint

STACK_FILE = "stack.yaml"
STACK_NAMESPACE = "com.docker.stack.namespace"
#: task states that end a task for good
FINAL = ("complete", "failed", "rejected", "shutdown", "orphaned", "remove")
#: how long a node may take to schedule a task and pull its images, before readiness counts
START_TIMEOUT = 600.0
#: readiness of a stack with no compose part (its AWS emulator)
READY_TIMEOUT = 120.0
#: the images key the emulator's tag is kept under (never a lab image folder name)
EMULATOR_IMAGE = "labctl-aws-emulator"
#: how long removing a stack may take until Swarm lists none of its objects any more
GONE_TIMEOUT = 120.0


def needs_emulator(lab: Any, aws_mode: str | None) -> bool:
    """An env of this lab on a swarm runs an AWS emulator in its stack."""
    from labctl.aws.modes import parse_mode

    part = lab.spec.environment.terraform
    return bool(part is not None and part.aws and parse_mode(aws_mode).owns_emulator)


class SwarmBackend(Backend):
    name = "swarm"

    def __init__(self, ctx: Any):
        super().__init__(ctx)
        self._endpoint: Endpoint | None = None
        self._tunnels: dict[str, int] = {}

    @classmethod
    def check_prerequisites(cls) -> None:
        if runner.which("docker") is None:
            raise PrerequisiteError("the docker CLI is not installed; swarm classes deploy stacks with it.",
                                    hint="Install Docker (https://docs.docker.com/engine/install/).")
        cluster.require_manager()

    # -- what it is -------------------------------------------------------------------

    @property
    def part(self) -> Any:
        return self.ctx.lab.spec.environment.compose

    @property
    def stack(self) -> str:
        return stack_name(self.ctx.project)

    @property
    def stack_file(self) -> Path:
        return self.ctx.workdir / STACK_FILE

    @property
    def data(self) -> Any:
        return self.ctx.record.data.swarm

    @property
    def source(self) -> str:
        if self.part is not None:
            return str(self.ctx.lab.templates_dir / self.part.template)
        return str(self.ctx.lab.spec_file)

    def endpoint(self) -> Endpoint:
        """The engine of the env's node (this machine's, before a node is chosen)."""
        if self._endpoint is None:
            self._endpoint = cluster.endpoint_for(self.data.node) if self.data.node else Endpoint()
        return self._endpoint

    def engine_env(self) -> dict[str, str]:
        return self.endpoint().env() if self.data.node else {}

    # -- render -----------------------------------------------------------------------

    def _compose_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"services": {}}
        if self.part is not None:
            text = render_template(self.ctx.lab, self.part.template, self.ctx.template_context())
            try:
                doc = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                raise SpecError(f"the rendered compose file is not valid YAML: {exc}", file=self.source) from exc
            if not isinstance(doc, dict) or not isinstance(doc.get("services"), dict):
                raise SpecError("the rendered compose file has no 'services' mapping", file=self.source)
            for port in self.part.ports:
                if port.service not in doc["services"]:
                    raise SpecError(
                        f"published port '{port.name}' names service '{port.service}', which the compose "
                        f"template does not define; services: {', '.join(doc['services'])}",
                        file=str(self.ctx.lab.spec_file), field="environment.compose.ports")
        services: dict[str, Any] = doc["services"]
        if needs_emulator(self.ctx.lab, self.ctx.record.data.aws_mode):
            if emulator.SERVICE in services:
                raise SpecError(f"the compose template defines a service '{emulator.SERVICE}', the name of the "
                                "env's AWS emulator on a swarm; rename it", file=self.source)
            tag = self.ctx.record.data.images.get(EMULATOR_IMAGE)
            if not tag:
                raise LabctlError("the AWS emulator image of this env was not built.", hint="Run `up` again.")
            services[emulator.SERVICE] = emulator.service(tag)
        interval = self.ctx.record.data.docker_health_interval
        for name, svc in list(services.items()):
            svc = services[name] = svc or {}
            if interval is not None:
                healthprobe.offload(svc, interval)
        return doc

    def _plan(self, files_root: str = "") -> stack_mod.StackPlan:
        rec = self.ctx.record
        part = self.part
        limits = self.ctx.limits or (part.limits.model_dump(exclude_none=True) if part else {})
        publish = [
            stack_mod.Published(p.service, p.target, int(rec.ports[p.name]), p.protocol)
            for p in (part.ports if part else []) if p.scheme == "ssh" and p.name in rec.ports
        ]
        mode: Literal["host", "mesh"] = "mesh" if self.data.publish == "mesh" else "host"
        return stack_mod.StackPlan(
            stack=self.stack, labels=self.ctx.labels, node=self.data.node, limits=limits,
            reserve_memory=self.data.reserve_memory, reserve_cpus=self.data.reserve_cpus,
            publish=publish, publish_mode=mode, subnets=dict(rec.data.subnets), workdir=self.ctx.workdir,
            files_root=files_root,
        )

    def translate(self, files_root: str = "") -> stack_mod.Translation:
        return stack_mod.translate(self._compose_doc(), self._plan(files_root), self.source)

    def render(self) -> list[Path]:
        translation = self.translate()
        write_file(self.stack_file, yaml.safe_dump(translation.doc, sort_keys=False))
        return [self.stack_file]

    # -- lifecycle ------------------------------------------------------------------

    def prepare(self) -> None:
        progress = self.ctx.progress
        built = images.lab_images(self.ctx.lab)
        for image in built:
            images.build(image, progress)
        if needs_emulator(self.ctx.lab, self.ctx.record.data.aws_mode):
            emu = emulator.image(progress)
            images.build(emu, progress)
            built = [*built, emu]
        address = self.data.registry
        if address:
            tags = registry.publish(built, address, progress, registry.auth() if address == registry.own_address()
                                    else None).tags
        else:
            tags = {image.name: image.tag for image in built}
        self.ctx.record.data.images = {
            (EMULATOR_IMAGE if name == emulator.IMAGE_NAME else name): tag for name, tag in tags.items()}

    def _place(self) -> None:
        """Pin an env that has no node yet (a class places its students before `up`)."""
        nodes = [n for n in cluster.nodes() if n.usable and (self.data.registry or n.is_self)]
        used = cluster.reservations()
        caps = [placement.Capacity(n.id, n.hostname, n.memory, n.cpus, used.get(n.id, cluster.Usage()).memory,
                                   used.get(n.id, cluster.Usage()).cpus, used.get(n.id, cluster.Usage()).containers)
                for n in nodes]
        chosen = placement.choose(caps, placement.Demand(*self.reserves()), self.ctx.record.name)
        self.data.node, self.data.node_name = chosen.node, chosen.name
        self._endpoint = None

    def reserves(self) -> tuple[int, float, int]:
        """What the env reserves on its node (from its translated stack)."""
        services = self.translate().doc["services"]
        memory = cpus = 0.0
        for svc in services.values():
            reservations = ((svc.get("deploy") or {}).get("resources") or {}).get("reservations") or {}
            memory += stack_mod.memory_bytes(reservations.get("memory"))
            cpus += float(reservations.get("cpus") or 0)
        return int(memory), cpus, len(services)

    def _helper_image(self) -> str:
        tags = [t for k, t in self.ctx.record.data.images.items() if k != EMULATOR_IMAGE]
        return (tags or list(self.ctx.record.data.images.values()))[0]

    def _check_node(self) -> None:
        """A student pinned to a node that is down is not moved behind their back."""
        node = cluster.node(self.data.node)
        if node is None or not node.ready:
            state = "gone from the swarm" if node is None else f"{node.state}/{node.availability}"
            who = self.ctx.record.student_id
            raise LabctlError(
                f"swarm node {self.data.node_name or self.data.node} of env {self.ctx.record.name} is {state}.",
                hint=(f"`labctl class reset {self.ctx.record.class_name} {who}` re-creates it on another node "
                      "(the work on the old node is lost)") if who else "Bring the node back, or remove the env.",
            )

    def apply(self) -> None:
        if not self.data.node:
            self._place()
        self._check_node()
        client = self.endpoint().client()
        translation = self.translate()
        root = ""
        if translation.folders:
            self.ctx.progress(f"seeding the env's folders on node {self.data.node_name or self.data.node}")
            root = files.ensure(client, self.stack, self.ctx.labels,
                                [(f.rel, f.source) for f in translation.folders], self._helper_image())
            translation = self.translate(root)
        write_file(self.stack_file, yaml.safe_dump(translation.doc, sort_keys=False))
        for index, wave in enumerate(translation.waves):
            last = index == len(translation.waves) - 1
            target = self.stack_file if last else self.ctx.workdir / f"stack-wave{index}.yaml"
            if not last:
                write_file(target, yaml.safe_dump(translation.wave_doc(index), sort_keys=False))
            self.ctx.progress(f"deploying stack {self.stack}" + ("" if last else f" (wave {index + 1})"))
            self._deploy(target)
            if not last:
                self._wait(wave, self.part.ready_timeout if self.part else READY_TIMEOUT)

    def _deploy(self, stack_file: Path) -> None:
        external = bool(self.data.registry) and self.data.registry != registry.own_address()
        argv = ["docker", "stack", "deploy", "-c", str(stack_file), "--resolve-image", "never",
                *(["--with-registry-auth"] if external else []), self.stack]
        runner.run(argv, cwd=self.ctx.workdir, timeout=600, what="docker stack deploy")

    # -- what runs ------------------------------------------------------------------

    def _services(self) -> list[Any]:
        """This env's swarm services (through the manager), found by their labels."""
        rec = self.ctx.record
        found = docker_engine.client().api.services(filters={"label": filters(self.ctx.owner)})
        return [s for s in found if owned_by((s.get("Spec") or {}).get("Labels"), rec.store, legacy=rec.data.legacy)]

    def _tasks(self) -> dict[str, dict[str, Any]]:
        """service name (in the lab) -> its current task (the newest that is meant to run)."""
        services = self._services()
        if not services:
            return {}
        names = {s["ID"]: ((s.get("Spec") or {}).get("Labels") or {}).get(LABEL_SERVICE, "") for s in services}
        tasks = docker_engine.client().api.tasks(filters={"service": list(names)})
        current: dict[str, dict[str, Any]] = {}
        for task in sorted(tasks, key=lambda t: (t.get("Version") or {}).get("Index", 0)):
            svc = names.get(task.get("ServiceID", ""))
            if svc is None:
                continue
            if task.get("DesiredState") == "running" or svc not in current:
                current[svc] = task
        for svc in names.values():
            current.setdefault(svc, {})
        return current

    def _expected(self) -> list[str]:
        try:
            doc = yaml.safe_load(self.stack_file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            return []
        services = doc.get("services") if isinstance(doc, dict) else None
        return list(services) if isinstance(services, dict) else []

    def _running(self) -> dict[str, str]:
        """service -> container id of its running task."""
        out: dict[str, str] = {}
        for svc, task in self._tasks().items():
            status = task.get("Status") or {}
            cid = (status.get("ContainerStatus") or {}).get("ContainerID")
            if status.get("State") == "running" and cid:
                out[svc] = str(cid)
        return out

    def _wait(self, services: list[str], ready: float, start: float = START_TIMEOUT) -> None:
        """Until every service's task runs and passes its readiness probe. A node may first
        have to pull the images (through its registry mirror): that has `start` seconds; the
        lab's `ready` seconds count from when a service's container runs."""
        begun = time.monotonic()
        running_since: dict[str, float] = {}
        probes: dict[str, healthprobe.ProbeState] = {}
        pending: dict[str, str] = {}
        while True:
            pending = {}
            tasks = self._tasks()
            api = None
            for svc in services:
                task = tasks.get(svc) or {}
                status = task.get("Status") or {}
                state = status.get("State", "")
                err = status.get("Err") or ""
                cid = (status.get("ContainerStatus") or {}).get("ContainerID")
                if not task:
                    pending[svc] = "no task yet"
                elif state in FINAL:
                    exit_code = (status.get("ContainerStatus") or {}).get("ExitCode")
                    why = err or (f"exited with code {exit_code}" if exit_code is not None else state)
                    self._fail(svc, cid, why)
                elif state != "running" or not cid:
                    pending[svc] = f"{state}{': ' + err if err else ''}"
                else:
                    running_since.setdefault(svc, time.monotonic())
                    api = api or self.endpoint().client().api
                    try:
                        info = api.inspect_container(cid)
                    except Exception:
                        pending[svc] = "container not found yet"
                        continue
                    labels = (info.get("Config") or {}).get("Labels") or {}
                    health = ((info.get("State") or {}).get("Health") or {}).get("Status")
                    probe = healthprobe.Probe.from_label(labels.get(healthprobe.LABEL_HEALTHCHECK))
                    if probe is not None:
                        probing = probes.setdefault(cid, healthprobe.ProbeState(probe))
                        probing.tick(api, cid)
                        if probing.unhealthy:
                            self._fail(svc, cid, f"failed its healthcheck ({probing.last_output or 'no output'})")
                        if not probing.passed:
                            pending[svc] = "health starting"
                    elif health == "unhealthy":
                        self._fail(svc, cid, "failed its healthcheck")
                    elif health not in (None, "healthy"):
                        pending[svc] = f"health {health}"
            if not pending:
                return
            now = time.monotonic()
            for svc, why in pending.items():
                since = running_since.get(svc)
                late = now - since > ready if since is not None else now - begun > start
                if late:
                    waited = ready if since is not None else start
                    raise LabctlError(
                        f"service '{svc}' of {self.ctx.record.name} not ready after {waited:.0f}s ({why}).",
                        hint=f"See `docker service ps --no-trunc {self.stack}_{svc}` on the manager.")
            time.sleep(0.25)

    def _fail(self, service: str, container: str | None, why: str) -> None:
        if "No such image" in why or "pull access denied" in why:
            raise LabctlError(
                f"service '{service}' of {self.ctx.record.name} could not start on node "
                f"{self.data.node_name or self.data.node}: {why}.",
                hint="That node could not pull the image: check `labctl registry status` (every node must "
                "reach the class registry).",
            )
        logs = ""
        if container:
            try:
                raw = self.endpoint().client().api.logs(container, tail=LOG_TAIL)
                logs = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
            except Exception:
                logs = ""
        raise LabctlError(
            f"service '{service}' {why}.",
            hint=f"Its last log lines are below; see more with `docker service logs {self.stack}_{service}`.",
            details=logs.strip() or "(no log output)",
        )

    def wait_ready(self, timeout: float) -> None:
        self.ctx.progress("waiting for services to be ready")
        ready = min(timeout, self.part.ready_timeout) if self.part else READY_TIMEOUT
        self._wait(self._expected(), ready, max(timeout, START_TIMEOUT))

    def targets(self) -> dict[str, str]:
        return {svc: f"docker://{cid}" for svc, cid in self._running().items()}

    def containers(self) -> dict[str, str]:
        return self._running()

    def exec_command(
        self,
        service: str,
        argv: Sequence[str],
        *,
        user: str | None = None,
        env: Mapping[str, str] | None = None,
        interactive: bool = False,
        tty: bool = False,
    ) -> list[str]:
        names = self.containers()
        if service not in names:
            raise service_not_running(self.ctx.lab.id, service, names,
                                      hint="See `labctl class status` (its node may be down).")
        return docker_exec_argv(self.endpoint().cli(), names[service], argv, user=user, env=env,
                                interactive=interactive, tty=tty)

    def logs_command(self, service: str | None, *, tail: int, follow: bool) -> list[str] | None:
        svc = service or (self.part.workspace if self.part else None) or next(iter(self._expected()), None)
        if svc is None:
            return None
        return ["docker", "service", "logs", "--raw", "--tail", str(tail), *(["--follow"] if follow else []),
                f"{self.stack}_{svc}"]

    # -- reaching it from this host -----------------------------------------------------

    @contextlib.contextmanager
    def reachable(self) -> Iterator[None]:
        from labctl.swarm.tunnel import Tunnel

        self._tunnels = {}
        running = self._running()
        if not running:
            yield
            return
        client = self.endpoint().client()
        self._fetch_folders(client)
        with contextlib.ExitStack() as stack:
            for port in self.part.ports if self.part else []:
                cid = running.get(port.service)
                if cid is None:
                    continue
                tunnel = stack.enter_context(Tunnel(client, cid, port.target, name=f"{port.service}:{port.target}"))
                self._tunnels[port.name] = tunnel.port
            try:
                yield
            finally:
                self._tunnels = {}

    def host_ports(self) -> dict[str, int]:
        return dict(self._tunnels)

    def _fetch_folders(self, client: Any) -> None:
        try:
            translation = self.translate()
        except LabctlError:
            return
        rels = [f.rel for f in translation.folders]
        if rels:
            files.fetch(client, self.stack, rels, self.ctx.workdir, self._helper_image(), self.ctx.labels)

    # -- status -------------------------------------------------------------------------

    def status(self) -> list[Component]:
        nodes = _node_states()
        rows = [_row(svc, task, nodes) for svc, task in self._tasks().items()]
        found = {r.name for r in rows}
        for svc in self._expected():
            if svc not in found:
                rows.append(Component(name=svc, kind="service", state="missing", healthy=False,
                                      detail="no service (removed from outside?)", present=False, running=False))
        return sorted(rows, key=lambda r: r.name)

    @classmethod
    def census(cls, labels: dict[str, str], *, store_id: str, legacy: bool = False) -> dict[str, list[Component]]:
        try:
            client = docker_engine.client()
            if (client.info().get("Swarm") or {}).get("ControlAvailable") is not True:
                return {}
        except PrerequisiteError:
            return {}
        services = [s for s in client.api.services(filters={"label": filters(labels)})
                    if owned_by((s.get("Spec") or {}).get("Labels"), store_id, legacy=legacy)]
        if not services:
            return {}
        meta = {s["ID"]: (s.get("Spec") or {}).get("Labels") or {} for s in services}
        current: dict[str, dict[str, Any]] = {}
        for task in sorted(client.api.tasks(filters={"service": list(meta)}),
                           key=lambda t: (t.get("Version") or {}).get("Index", 0)):
            sid = task.get("ServiceID", "")
            if task.get("DesiredState") == "running" or sid not in current:
                current[sid] = task
        nodes = _node_states()
        out: dict[str, list[Component]] = {}
        for sid, svc_labels in meta.items():
            row = _row(svc_labels.get(LABEL_SERVICE, sid), current.get(sid, {}), nodes)
            out.setdefault(svc_labels.get(LABEL_STUDENT, ""), []).append(row)
        return out

    # -- removal --------------------------------------------------------------------------

    @classmethod
    def sweep(cls, labels: dict[str, str], *, store_id: str, legacy: bool = False) -> int:
        return sweep(labels, store_id=store_id, legacy=legacy)

    def destroy(self) -> None:
        self.ctx.progress("removing the stack: services, networks, configs, secrets, volumes")
        rec = self.ctx.record
        sweep(self.ctx.owner, store_id=rec.store, legacy=rec.data.legacy, progress=self.ctx.progress,
              names=f"{self.stack}_")


def _node_states() -> dict[str, tuple[str, str]]:
    """node id -> (host name, state) ("down" for a node that is not ready)."""
    out: dict[str, tuple[str, str]] = {}
    for n in docker_engine.client().api.nodes():
        state = str((n.get("Status") or {}).get("State", "unknown"))
        out[n["ID"]] = (str((n.get("Description") or {}).get("Hostname", "")), state)
    return out


def _row(svc: str, task: dict[str, Any], nodes: dict[str, tuple[str, str]]) -> Component:
    status = task.get("Status") or {}
    state = str(status.get("State", "no task"))
    node_id = str(task.get("NodeID") or "")
    hostname, node_state = nodes.get(node_id, ("", "unknown"))
    where = f"{hostname} ({node_id[:12]})" if node_id else ""
    if node_id and node_state != "ready":
        return Component(name=svc, kind="service", state="node down", healthy=False,
                         detail=f"node {where} is {node_state}", running=False, node=where)
    running = state == "running" and task.get("DesiredState") == "running"
    detail = status.get("Err") or (status.get("ContainerStatus") or {}).get("ContainerID", "")[:12]
    return Component(name=svc, kind="service", state=state, healthy=running, detail=str(detail),
                     running=running, node=where)


def _retry(action: Any, timeout: float = 60.0) -> bool:
    """Run `action` until it stops failing with an in-use conflict (True) or is gone (False)."""
    from docker.errors import APIError, NotFound

    deadline = time.monotonic() + timeout
    while True:
        try:
            action()
            return True
        except NotFound:
            return False
        except APIError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def sweep(labels: dict[str, str], *, store_id: str, legacy: bool = False, progress: Any = None,
          names: str = "", timeout: float = GONE_TIMEOUT) -> int:
    """Remove every swarm service, network, config and secret carrying these labels and this
    store's id, then the containers and volumes left on every node labctl can reach, and wait
    (up to `timeout` seconds) until the manager lists none of them any more, nor a network
    whose name starts with `names` (a stack's `<stack>_`).

    Swarm removes asynchronously, as `docker stack rm` does: a removed network lingers on the
    manager's engine for a moment, and a `docker stack deploy` of the same stack right then
    fails. So when this returns, the stack can be deployed again (`class reset`)."""
    try:
        client = docker_engine.client()
        if (client.info().get("Swarm") or {}).get("ControlAvailable") is not True:
            return 0
    except PrerequisiteError:
        return 0
    label_filters = {"label": filters(labels)}

    def mine(obj_labels: dict[str, str] | None) -> bool:
        return owned_by(obj_labels, store_id, legacy=legacy)

    removed = 0
    services = [s for s in client.services.list(filters=label_filters)
                if mine((s.attrs.get("Spec") or {}).get("Labels"))]
    for service in services:
        with contextlib.suppress(Exception):
            service.remove()
            removed += 1
    # Their containers go away on their nodes a moment later; the networks, configs and
    # secrets they used can only be removed then.
    for net in client.networks.list(filters=label_filters):
        if net.attrs.get("Scope") == "swarm" and mine(net.attrs.get("Labels")):
            removed += _retry(net.remove)
    for kind in (client.configs, client.secrets):
        for item in kind.list(filters=label_filters):
            if mine((item.attrs.get("Spec") or {}).get("Labels")):
                removed += _retry(item.remove)
    for node in cluster_nodes_reachable(progress):
        node_client = node.endpoint.client() if node.endpoint else None
        if node_client is None:
            continue
        for container in node_client.containers.list(all=True, ignore_removed=True, filters=label_filters):
            if mine(container.labels):
                with contextlib.suppress(Exception):
                    container.remove(force=True, v=True)
                    removed += 1
        for volume in node_client.volumes.list(filters=label_filters):
            if mine(volume.attrs.get("Labels")):
                removed += _retry(lambda v=volume: v.remove(force=True))
    wait_gone(client, label_filters, mine, names, timeout)
    return removed


def remaining(client: Any, label_filters: dict[str, Any], mine: Callable[[dict[str, str] | None], bool],
              names: str = "") -> list[str]:
    """The swarm objects with these labels (and `mine`) that the manager still lists, and the
    swarm networks whose name starts with `names`."""
    api = client.api
    left = [f"service {s['Spec']['Name']}" for s in api.services(filters=label_filters)
            if mine((s.get("Spec") or {}).get("Labels"))]
    nets = [n for n in api.networks(filters=label_filters) if mine(n.get("Labels"))]
    if names:
        nets += [n for n in api.networks(filters={"name": names}) if str(n.get("Name", "")).startswith(names)]
    left += sorted({f"network {n['Name']}" for n in nets if n.get("Scope") == "swarm"})
    left += [f"config {c['Spec']['Name']}" for c in api.configs(filters=label_filters)
             if mine((c.get("Spec") or {}).get("Labels"))]
    left += [f"secret {c['Spec']['Name']}" for c in api.secrets(filters=label_filters)
             if mine((c.get("Spec") or {}).get("Labels"))]
    return left


def wait_gone(client: Any, label_filters: dict[str, Any], mine: Callable[[dict[str, str] | None], bool],
              names: str = "", timeout: float = GONE_TIMEOUT) -> None:
    """Until `remaining()` is empty; a LabctlError naming what is left after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        left = remaining(client, label_filters, mine, names)
        if not left:
            return
        if time.monotonic() > deadline:
            raise LabctlError(
                f"Swarm has not finished removing {len(left)} object(s) after {timeout:.0f}s: "
                f"{', '.join(left[:8])}{' ...' if len(left) > 8 else ''}.",
                hint="See `docker service ls`, `docker network ls`, `docker config ls` and `docker secret ls` "
                "on the manager (a task that will not stop keeps its network), then run the command again.",
            )
        time.sleep(0.25)


def cluster_nodes_reachable(progress: Any = None) -> list[cluster.Node]:
    """The nodes whose engines answer (a node that is down keeps what was on it; say so)."""
    out: list[cluster.Node] = []
    for node in cluster.nodes():
        if node.endpoint is None or node.state != "ready":
            if progress is not None:
                progress(f"node {node.label} is {node.state}" + ("" if node.endpoint else ", no endpoint")
                         + ": what is left on it stays until it is back")
            continue
        try:
            node.endpoint.client()
        except PrerequisiteError as exc:
            if progress is not None:
                progress(f"node {node.label}: {exc.message}")
            continue
        out.append(node)
    return out


def leftovers(labels: dict[str, str]) -> dict[str, int]:
    """What carries these labels anywhere on the swarm (tests: a class down leaves nothing)."""
    client = docker_engine.client()
    label_filters = {"label": filters(labels)}
    out = {
        "services": len(client.services.list(filters=label_filters)),
        "networks": len([n for n in client.networks.list(filters=label_filters) if n.attrs.get("Scope") == "swarm"]),
        "configs": len(client.configs.list(filters=label_filters)),
        "secrets": len(client.secrets.list(filters=label_filters)),
        "containers": 0,
        "volumes": 0,
    }
    for node in cluster_nodes_reachable():
        assert node.endpoint is not None
        node_client = node.endpoint.client()
        out["containers"] += len(node_client.containers.list(all=True, ignore_removed=True, filters=label_filters))
        out["volumes"] += len(node_client.volumes.list(filters=label_filters))
    return out


