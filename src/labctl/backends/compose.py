"""Compose backend: render a compose file, run the compose CLI, wait via the Docker SDK.

Works with `docker compose` (v2) and `docker-compose` (v1). Containers are
found by labels, never by name, so v1's `proj_svc_1` and v2's `proj-svc-1`
naming does not matter.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from labctl import docker_engine, images, runner
from labctl.backends import healthprobe
from labctl.backends.base import Backend, docker_exec_argv, service_not_running
from labctl.backends.composecli import compose_command
from labctl.backends.dockertty import TtyChannel
from labctl.env.labels import LABEL_ENV, LABEL_SERVICE, LABEL_STORE, LABEL_STUDENT, filters, owned_by
from labctl.env.status import Component
from labctl.errors import LabctlError, SpecError
from labctl.logtail import LOG_TAIL

COMPOSE_PROJECT_LABEL = "com.docker.compose.project"

COMPOSE_FILE = "compose.yaml"


class ComposeBackend(Backend):
    name = "compose"

    @classmethod
    def check_prerequisites(cls) -> None:
        compose_command()
        docker_engine.client()

    @property
    def part(self) -> Any:
        part = self.ctx.lab.spec.environment.compose
        assert part is not None
        return part

    @property
    def compose_file(self) -> Path:
        return self.ctx.workdir / COMPOSE_FILE

    # -- render ---------------------------------------------------------------

    def render(self) -> list[Path]:
        import yaml

        from labctl.render import render_template, write_file

        text = render_template(self.ctx.lab, self.part.template, self.ctx.template_context())
        source = str(self.ctx.lab.templates_dir / self.part.template)
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SpecError(f"the rendered compose file is not valid YAML: {exc}", file=source) from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("services"), dict):
            raise SpecError("the rendered compose file has no 'services' mapping", file=source)
        self._decorate(doc, source)
        write_file(self.compose_file, yaml.safe_dump(doc, sort_keys=False))
        return [self.compose_file]

    def _decorate(self, doc: dict[str, Any], source: str) -> None:
        """Add labels, published ports and limits, so lab templates need not."""
        labels = self.ctx.labels
        data = self.ctx.record.data
        services: dict[str, Any] = doc["services"]
        for port in self.part.ports:
            if port.service not in services:
                raise SpecError(
                    f"published port '{port.name}' names service '{port.service}', which the "
                    f"compose template does not define; services: {', '.join(services)}",
                    file=str(self.ctx.lab.spec_file), field="environment.compose.ports",
                )
        limits = self.ctx.limits or self.part.limits.model_dump(exclude_none=True)
        for name, svc in services.items():
            svc = services[name] = svc or {}
            svc_labels = svc.get("labels") or {}
            if isinstance(svc_labels, list):
                svc_labels = dict(item.split("=", 1) for item in svc_labels)
            svc["labels"] = {**svc_labels, **labels, LABEL_SERVICE: name}
            if limits.get("memory"):
                svc.setdefault("mem_limit", limits["memory"])
            if limits.get("cpus"):
                svc.setdefault("cpus", limits["cpus"])
            if limits.get("pids"):
                svc.setdefault("pids_limit", limits["pids"])
            if data.docker_health_interval is not None:
                healthprobe.offload(svc, data.docker_health_interval)
            published = [p for p in self.part.ports if p.service == name]
            if published:
                ports = list(svc.get("ports") or [])
                # A class publishes its ssh ports to the students and keeps the rest on the
                # host's loopback (data.port_binds: port name -> bind address).
                for p in published:
                    host_port = self.ctx.record.ports[p.name]
                    bind = data.port_binds.get(p.name, self.ctx.bind_address)
                    ports.append(f"{bind}:{host_port}:{p.target}/{p.protocol}")
                svc["ports"] = ports
        networks = doc.get("networks") or {}
        networks.setdefault("default", {})
        # Subnets chosen by labctl (class envs: Docker's default pools hold ~30 networks).
        subnets = data.subnets
        for net_name, net in list(networks.items()):
            net = networks[net_name] = net or {}
            if not net.get("external"):
                net["labels"] = {**(net.get("labels") or {}), **labels}
                if net_name in subnets and not net.get("ipam") and net.get("driver", "bridge") == "bridge":
                    net["ipam"] = {"config": [{"subnet": subnets[net_name]}]}
        doc["networks"] = networks
        volumes = doc.get("volumes") or {}
        for vol_name, vol in list(volumes.items()):
            vol = volumes[vol_name] = vol or {}
            if not vol.get("external"):
                vol["labels"] = {**(vol.get("labels") or {}), **labels}
        if volumes:
            doc["volumes"] = volumes
        doc.pop("version", None)

    # -- lifecycle ------------------------------------------------------------

    def _compose(self, *args: str, timeout: float = 600) -> runner.Result:
        argv = [*compose_command(), "-p", self.ctx.project, "-f", str(self.compose_file), *args]
        return runner.run(argv, cwd=self.ctx.workdir, timeout=timeout, what="compose")

    def prepare(self) -> None:
        self.ctx.record.data.images = images.build_lab(self.ctx.lab, self.ctx.progress)

    def apply(self) -> None:
        self.ctx.progress("starting containers")
        self._compose("up", "-d", "--remove-orphans", "--no-build")

    def _containers(self, all_: bool = True) -> list[Any]:
        found = docker_engine.client().containers.list(
            all=all_, ignore_removed=True,  # a container may vanish between list and inspect
            filters={"label": filters(self.ctx.owner)},
        )
        rec = self.ctx.record
        return [c for c in found if owned_by(c.labels, rec.store, legacy=rec.data.legacy)]

    def wait_ready(self, timeout: float) -> None:
        self.ctx.progress("waiting for services to be ready")
        deadline = time.monotonic() + min(timeout, self.part.ready_timeout)
        expected = self.service_names()
        probes: dict[str, healthprobe.ProbeState] = {}  # container id -> labctl's probing of it
        api = docker_engine.client().api
        pending: dict[str, str] = {}
        while True:
            pending = {}
            by_service: dict[str, list[Any]] = {}
            for c in self._containers():
                by_service.setdefault(c.labels.get("com.docker.compose.service", "?"), []).append(c)
            for svc in expected:
                found = by_service.get(svc, [])
                if not found:
                    pending[svc] = "no container"
                    continue
                for c in found:
                    state = c.attrs["State"]
                    health = (state.get("Health") or {}).get("Status")
                    if state["Status"] in ("exited", "dead"):
                        self._fail(svc, c, f"exited with code {state.get('ExitCode')}")
                    if health == "unhealthy":
                        self._fail(svc, c, "failed its healthcheck")
                    probe = healthprobe.Probe.from_label(c.labels.get(healthprobe.LABEL_HEALTHCHECK))
                    if state["Status"] != "running":
                        pending[svc] = state["Status"]
                    elif probe is not None:  # labctl probes it, whatever Docker says meanwhile
                        probing = probes.setdefault(c.id, healthprobe.ProbeState(probe))
                        probing.tick(api, c.id)
                        if probing.unhealthy:
                            self._fail(svc, c, f"failed its healthcheck ({probing.last_output or 'no output'})")
                        if not probing.passed:
                            pending[svc] = "health starting"
                    elif health not in (None, "healthy"):
                        pending[svc] = f"health {health}"
            if not pending:
                return
            if time.monotonic() > deadline:
                svc, why = next(iter(pending.items()))
                containers = by_service.get(svc)
                if containers:
                    self._fail(svc, containers[0], f"not ready after {timeout:.0f}s ({why})")
                raise LabctlError(f"service '{svc}' not ready after {timeout:.0f}s ({why}).")
            time.sleep(0.25)

    def _fail(self, service: str, container: Any, why: str) -> None:
        try:
            logs = container.logs(tail=LOG_TAIL).decode(errors="replace")
        except Exception:
            logs = ""
        raise LabctlError(
            f"service '{service}' {why}.",
            hint=f"Its last log lines are below; see more with `labctl logs {self.ctx.lab.id} "
            f"{service}`.",
            details=logs.strip() or "(no log output)",
        )

    def service_names(self) -> list[str]:
        """The services of the rendered compose file ([] if there is none yet, or any more)."""
        import yaml

        try:
            doc = yaml.safe_load(self.compose_file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            return []
        services = doc.get("services") if isinstance(doc, dict) else None
        return list(services) if isinstance(services, dict) else []

    def targets(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for c in self._containers(all_=False):
            svc = c.labels.get("com.docker.compose.service")
            if svc and svc not in out:
                out[svc] = f"docker://{c.name}"
        return out

    def containers(self) -> dict[str, str]:
        return {svc: url.removeprefix("docker://") for svc, url in self.targets().items()}

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
            raise service_not_running(
                self.ctx.lab.id, service, names,
                hint=f"Bring the env up again with `labctl up {self.ctx.lab.id}"
                + ("" if self.ctx.record.name == "default" else f" --env {self.ctx.record.name}") + "`.")
        return docker_exec_argv(["docker"], names[service], argv, user=user, env=env, interactive=interactive,
                                tty=tty)

    def terminal(
        self,
        service: str,
        argv: Sequence[str],
        *,
        user: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> TtyChannel:
        cmd = self.exec_command(service, argv)  # the same error as `labctl shell` when it is not running
        return TtyChannel.open(cmd[-1 - len(argv)], argv, user=user, env=env)

    def logs_command(self, service: str | None, *, tail: int, follow: bool) -> list[str] | None:
        argv = [*compose_command(), "-p", self.ctx.project, "-f", str(self.compose_file), "logs",
                "--tail", str(tail)]
        if follow:
            argv.append("--follow")
        if service:
            argv.append(service)
        return argv

    def status(self) -> list[Component]:
        rows = []
        for c in self._containers():
            state = c.attrs["State"]
            health = (state.get("Health") or {}).get("Status")
            healthy = healthprobe.container_healthy(c)
            rows.append(Component(
                name=c.labels.get("com.docker.compose.service", c.name), kind="container",
                state=state["Status"] + (f" ({health})" if health else ""), healthy=healthy,
                detail=c.name, running=state["Status"] == "running",
            ))
        found = {r.name for r in rows}
        for svc in self.service_names():
            if svc not in found:
                rows.append(Component(name=svc, kind="container", state="missing", healthy=False,
                                      detail="no container (removed from outside?)", present=False,
                                      running=False))
        return sorted(rows, key=lambda r: r.name)

    @classmethod
    def census(cls, labels: dict[str, str], *, store_id: str, legacy: bool = False) -> dict[str, list[Component]]:
        found: dict[str, list[Component]] = {}
        client = docker_engine.client()
        for c in client.containers.list(all=True, ignore_removed=True, filters={"label": filters(labels)}):
            if not owned_by(c.labels, store_id, legacy=legacy):
                continue
            state = c.attrs["State"]
            found.setdefault(c.labels.get(LABEL_STUDENT, ""), []).append(Component(
                name=c.labels.get("com.docker.compose.service", c.name), kind="container",
                state=state["Status"], healthy=healthprobe.container_healthy(c), detail=c.name,
                running=state["Status"] == "running",
            ))
        return found

    @classmethod
    def sweep(cls, labels: dict[str, str], *, store_id: str, legacy: bool = False) -> int:
        return sweep(labels, store_id=store_id, legacy=legacy)

    def destroy(self) -> None:
        # Lab containers are disposable: force-removing them by label is faster than
        # `compose down` (no stop grace period) and finds them even without a compose file.
        self.ctx.progress("removing containers, networks and volumes")
        rec = self.ctx.record
        sweep(self.ctx.owner, store_id=rec.store, legacy=rec.data.legacy, project=self.ctx.project)


def sweep(labels: dict[str, str], *, store_id: str, legacy: bool = False,
          project: str | None = None) -> int:
    """Remove every container, network, volume and env-built image carrying these labels that
    belongs to this store (objects without a store label too, if `legacy`).

    A learner's own compose project (phase3's `<project>-app`, phase7's `<project>-svc`)
    carries the lab and env labels the task asks for, but rarely the store label. It is
    still this env's when its compose project (or image name) extends the env's `project`:
    project names embed the store id, so no other home's objects can match."""
    from concurrent.futures import ThreadPoolExecutor

    from docker.errors import APIError, NotFound

    client = docker_engine.client()
    if project:  # list without the store label: the learner's objects may lack it
        labels = {k: v for k, v in labels.items() if k != LABEL_STORE}
    label_filters = {"label": filters(labels)}

    def ours(found: dict[str, str] | None, names: Sequence[str] = ()) -> bool:
        if owned_by(found, store_id, legacy=legacy):
            return True
        if not project or (found or {}).get(LABEL_STORE) is not None:
            return False
        learner = [(found or {}).get(COMPOSE_PROJECT_LABEL, ""), *names]
        return any(n == project or n.startswith(f"{project}-") or n.startswith(f"{project}/")
                   for n in learner if n)

    def mine(obj: Any) -> bool:
        return ours(obj.attrs.get("Labels") or (obj.attrs.get("Config") or {}).get("Labels"))

    def remove_container(c: Any) -> int:
        try:
            c.remove(force=True, v=True)
            return 1
        except NotFound:
            return 0
        except APIError as exc:  # already being removed by a concurrent down
            if "already in progress" in str(exc):
                return 0
            raise

    containers = [c for c in client.containers.list(all=True, ignore_removed=True, filters=label_filters)
                  if ours(c.labels)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        removed = sum(pool.map(remove_container, containers))
    for net in client.networks.list(filters=label_filters):
        if not mine(net):
            continue
        try:
            net.remove()
            removed += 1
        except (NotFound, APIError):
            pass
    for vol in client.volumes.list(filters=label_filters):
        if not mine(vol):
            continue
        try:
            vol.remove(force=True)
            removed += 1
        except NotFound:
            pass
    # Images an env built itself (phase7's learner builds their service with compose, its
    # image labelled with the env's labels). labctl's lab images carry no env label: kept.
    for image in client.images.list(filters={"label": [*label_filters["label"], LABEL_ENV]}):
        if not ours(image.labels, image.tags):
            continue
        try:
            client.images.remove(image.id, force=True)
            removed += 1
        except (NotFound, APIError):
            pass
    return removed


def leftovers(labels: dict[str, str]) -> dict[str, int]:
    client = docker_engine.client()
    label_filters = {"label": filters(labels)}
    return {
        "containers": len(client.containers.list(all=True, ignore_removed=True, filters=label_filters)),
        "networks": len(client.networks.list(filters=label_filters)),
        "volumes": len(client.volumes.list(filters=label_filters)),
    }
