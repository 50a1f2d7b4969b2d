"""The class registry: how lab images reach every swarm node.

`labctl registry up` runs two swarm services from an image labctl builds offline
(debian:bookworm-slim + Debian's docker-registry):

- the **master** on the manager (where labctl builds and pushes), with its data in a
  labelled volume, behind nginx: anyone may pull, only labctl's password may push (a
  student's container can reach a node's ports, so an open registry would let a student
  replace a lab image; Debian's registry alone cannot tell reads from writes, and its
  pull-through cache sends credentials only to token servers);
- a **pull-through mirror** on every other node (global service), which fetches from the
  master and serves pulls: read-only by nature.

Both publish the same port on their node, so from every node the registry is
`127.0.0.1:PORT`, which Docker engines use without TLS and without any daemon setting: no
node needs `insecure-registries`, and no node needs IPVS (this project's CI machine has
none, so the routing mesh is not an option there). The registry image itself reaches the
other nodes through their engine endpoints (there is no registry to pull it from yet).

Image tags stay content hashes (`127.0.0.1:PORT/labctl/<lab>-<image>:<digest>`), and an
image the registry already holds is never pushed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labctl import docker_engine, images
from labctl.env.context import Progress, no_progress
from labctl.env.labels import LABEL_SERVICE, LABEL_STORE
from labctl.errors import LabctlError, PrerequisiteError
from labctl.images import LabImage
from labctl.swarm import cluster
from labctl.swarm import config as config_mod

IMAGE_DIR = Path(__file__).with_name("images") / "registry"
USER = "labctl"
SECRET_TARGET = "registry-password"
READY_TIMEOUT = 120.0
#: refs this process has seen in a registry (asking again is a round trip per image)
_present: set[str] = set()


def registry_image() -> LabImage:
    return LabImage("labctl", "registry", IMAGE_DIR, images.inputs_digest(IMAGE_DIR))


@dataclass(frozen=True)
class Names:
    store_id: str

    @property
    def prefix(self) -> str:
        return f"labctl-{self.store_id}-registry"

    @property
    def master(self) -> str:
        return self.prefix

    @property
    def mirror(self) -> str:
        return f"{self.prefix}-mirror"

    @property
    def volume(self) -> str:
        return f"{self.prefix}-data"

    def secret(self, password: str) -> str:
        return f"{self.prefix}-password-{hashlib.sha256(password.encode()).hexdigest()[:10]}"

    @property
    def labels(self) -> dict[str, str]:
        return {LABEL_STORE: self.store_id, LABEL_SERVICE: "registry"}


def auth(settings: config_mod.SwarmSettings | None = None) -> dict[str, str] | None:
    reg = (settings or config_mod.load()).registry
    return {"username": USER, "password": reg.password} if reg else None


def own_address(settings: config_mod.SwarmSettings | None = None) -> str | None:
    """`127.0.0.1:PORT` if this labctl home runs a registry (`labctl registry up`), else None."""
    reg = (settings or config_mod.load()).registry
    return reg.address if reg else None


# -- up / down / status -----------------------------------------------------------


def distribute(tag: str, nodes: list[cluster.Node], progress: Progress) -> list[str]:
    """Load an image into the engines of the usable nodes that lack it; the nodes that got it."""
    from docker.errors import ImageNotFound

    source = docker_engine.client().images.get(tag)
    done: list[str] = []
    for node in nodes:
        if node.is_self or node.endpoint is None or not node.ready:
            continue
        client = node.endpoint.client()
        try:
            client.images.get(tag)
            continue
        except ImageNotFound:
            pass
        progress(f"copying {tag} to node {node.label}")
        client.images.load(b"".join(source.save(named=True)))
        done.append(node.id)
    return done


def _service(client: Any, name: str) -> Any | None:
    from docker.errors import NotFound

    try:
        return client.services.get(name)
    except NotFound:
        return None


def up(store_id: str, *, port: int = config_mod.DEFAULT_REGISTRY_PORT, progress: Progress = no_progress) -> str:
    """Run (or converge) the registry; returns its address as every node sees it."""
    from docker.types import EndpointSpec, Mount, SecretReference, ServiceMode

    me = cluster.require_manager()
    settings = config_mod.load()
    if settings.registry is None or settings.registry.port != port:
        password = settings.registry.password if settings.registry else secrets.token_urlsafe(24)
        settings.registry = config_mod.RegistrySettings(port=port, password=password)
        config_mod.save(settings)
    reg = settings.registry
    names = Names(store_id)
    image = registry_image()
    images.build(image, progress)
    nodes = cluster.nodes(settings)
    distribute(image.tag, nodes, progress)
    client = docker_engine.client()
    secret_name = names.secret(reg.password)
    if not client.secrets.list(filters={"name": secret_name}):
        client.secrets.create(name=secret_name, data=reg.password.encode(), labels=names.labels)
    secret = SecretReference(client.secrets.list(filters={"name": secret_name})[0].id, secret_name,
                             filename=SECRET_TARGET, mode=0o400)
    ports = EndpointSpec(mode="dnsrr", ports={port: (5000, "tcp", "host")})
    manager = next(n for n in nodes if n.is_self)
    wanted = {
        names.master: dict(
            args=["master"], mode=ServiceMode("replicated", replicas=1),
            constraints=[f"node.id=={me}"], secrets=[secret],
            mounts=[Mount("/var/lib/docker-registry", names.volume, type="volume", labels=names.labels)],
        ),
        names.mirror: dict(
            args=["mirror", f"http://{manager.addr}:{port}"], mode=ServiceMode("global"),
            constraints=[f"node.id!={me}"],
        ),
    }
    for name, spec in wanted.items():
        current = _service(client, name)
        if current is not None:
            ours = (current.attrs.get("Spec") or {}).get("Labels") or {}
            task = (current.attrs.get("Spec") or {}).get("TaskTemplate") or {}
            same = ((task.get("ContainerSpec") or {}).get("Image") == image.tag
                    and ours.get("io.labctl.registry-port") == str(port)
                    and ((task.get("ContainerSpec") or {}).get("Args") or []) == spec["args"])
            if same:
                continue
            progress(f"replacing service {name}")
            current.remove()
            _wait_gone(client, name)
        progress(f"starting service {name}")
        client.services.create(
            image.tag, name=name, labels={**names.labels, "io.labctl.registry-port": str(port)},
            container_labels=names.labels, endpoint_spec=ports,
            restart_policy={"Condition": "any", "Delay": 1_000_000_000}, **spec,
        )
    _wait_answers(f"http://127.0.0.1:{port}/v2/")
    progress("waiting for the mirrors on the other nodes")
    _wait_mirrors([n for n in nodes if not n.is_self and n.endpoint is not None and n.ready], reg.address)
    return reg.address


def _wait_mirrors(nodes: list[cluster.Node], address: str, timeout: float = READY_TIMEOUT) -> None:
    """Until every node's engine reaches the registry at 127.0.0.1:PORT (its mirror)."""
    deadline = time.monotonic() + timeout
    pending = {n.id: "not asked yet" for n in nodes}
    while pending and time.monotonic() < deadline:
        for node in nodes:
            if node.id in pending:
                answer = reachable_from(node, address, None)
                if answer == "yes":
                    pending.pop(node.id)
                else:
                    pending[node.id] = answer
        if pending:
            time.sleep(1)
    if pending:
        node_id, why = next(iter(pending.items()))
        raise LabctlError(f"the registry mirror on node {node_id[:12]} does not answer after {timeout:.0f}s: {why}",
                          hint="See `labctl registry status` and `docker service ps --no-trunc` of the mirror.")


def _wait_gone(client: Any, name: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while _service(client, name) is not None and time.monotonic() < deadline:
        time.sleep(0.5)


def _wait_answers(url: str, timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3):
                return
        except urllib.error.HTTPError as exc:
            if exc.code == 401:  # the master answers, and wants its password
                return
            last = f"HTTP {exc.code}"
        except (OSError, urllib.error.URLError) as exc:
            last = str(exc)
        time.sleep(0.5)
    raise LabctlError(f"the class registry does not answer at {url} after {timeout:.0f}s ({last}).",
                      hint="See `docker service ps --no-trunc` of the registry service for why.")


def down(store_id: str, progress: Progress = no_progress, *, keep_data: bool = False) -> int:
    """Remove the registry's services, secret and (unless `keep_data`) its images volume."""
    client = docker_engine.client()
    names = Names(store_id)
    removed = 0
    for name in (names.mirror, names.master):
        service = _service(client, name)
        if service is not None:
            progress(f"removing service {name}")
            service.remove()
            _wait_gone(client, name)
            removed += 1
    deadline = time.monotonic() + 60
    for secret in client.secrets.list(filters={"label": f"{LABEL_STORE}={store_id}"}):
        if secret.name.startswith(names.prefix + "-password"):
            while True:
                try:
                    secret.remove()
                    removed += 1
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)
    if not keep_data:
        from docker.errors import APIError, NotFound

        while True:
            try:
                client.volumes.get(names.volume).remove(force=True)
                removed += 1
                break
            except NotFound:
                break
            except APIError:  # still in use by the master's container for a moment
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
    settings = config_mod.load()
    if settings.registry is not None:
        settings.registry = None
        config_mod.save(settings)
    _present.clear()
    return removed


@dataclass
class NodeReach:
    node: str
    #: "yes", or why not
    reachable: str


@dataclass
class Status:
    address: str | None
    services: dict[str, str] = field(default_factory=dict)
    nodes: list[NodeReach] = field(default_factory=list)


def reachable_from(node: cluster.Node, address: str, auth_config: dict[str, str] | None) -> str:
    """Whether the node's engine reaches the registry: "yes" or what went wrong. Asks the
    engine itself (a distribution lookup of the registry image), which is what a pull does."""
    from docker.errors import APIError

    if node.endpoint is None:
        return "unknown (no engine endpoint for this node)"
    if not node.ready:
        return f"unknown (node is {node.state}/{node.availability})"
    image = registry_image()
    ref = f"{address}/labctl/{image.lab}-{image.name}:{image.digest}"
    try:
        node.endpoint.client().api.inspect_distribution(ref, auth_config=auth_config if node.is_self else None)
        return "yes"
    except APIError as exc:
        text = str(getattr(exc, "explanation", "") or exc)
        if "manifest unknown" in text or "not found" in text.lower():
            return "yes"  # it answered: it just does not hold that image yet
        return f"no ({text.strip()[:200]})"
    except PrerequisiteError as exc:
        return f"no ({exc.message})"


def status(store_id: str) -> Status:
    settings = config_mod.load()
    address = own_address(settings)
    out = Status(address)
    client = docker_engine.client()
    names = Names(store_id)
    for name in (names.master, names.mirror):
        service = _service(client, name)
        if service is None:
            out.services[name] = "absent"
            continue
        tasks = service.tasks(filters={"desired-state": "running"})
        states = [t.get("Status", {}).get("State", "?") for t in tasks]
        out.services[name] = f"{states.count('running')}/{len(tasks)} running"
    if address:
        creds = auth(settings)
        for node in cluster.nodes(settings):
            out.nodes.append(NodeReach(node.label, reachable_from(node, address, creds)))
    return out


# -- publishing lab images -------------------------------------------------------------


@dataclass
class Published:
    #: image name -> the tag nodes pull
    tags: dict[str, str] = field(default_factory=dict)
    pushed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def target_ref(registry: str, image: LabImage) -> tuple[str, str]:
    """(repository, tag) of a lab image in a registry: the tag stays its content hash."""
    return f"{registry}/labctl/{image.lab}-{image.name}", image.digest


def present(ref: str, auth_config: dict[str, str] | None) -> bool:
    """Whether the registry holds this exact reference (asked through this machine's engine)."""
    from docker.errors import APIError

    if ref in _present:
        return True
    try:
        docker_engine.client().api.inspect_distribution(ref, auth_config=auth_config)
    except APIError as exc:
        text = str(getattr(exc, "explanation", "") or exc)
        if "manifest unknown" in text or "not found" in text.lower() or getattr(exc, "status_code", 0) == 404:
            return False
        raise LabctlError(f"the registry of {ref} cannot be reached: {text.strip()[:300]}",
                          hint="Check it with `labctl registry status` (or `labctl registry up`).") from None
    _present.add(ref)
    return True


def publish(built: list[LabImage], registry: str, progress: Progress = no_progress,
            auth_config: dict[str, str] | None = None) -> Published:
    """Tag each built image for the registry and push the ones it does not hold yet."""
    client = docker_engine.client()
    out = Published()
    for image in built:
        repo, tag = target_ref(registry, image)
        ref = f"{repo}:{tag}"
        out.tags[image.name] = ref
        if present(ref, auth_config):
            out.skipped.append(ref)
            continue
        client.images.get(image.tag).tag(repo, tag)
        progress(f"pushing {ref}")
        errors: list[str] = []
        for line in client.images.push(repo, tag=tag, auth_config=auth_config, stream=True, decode=True):
            if isinstance(line, dict) and line.get("error"):
                errors.append(str(line["error"]))
        if errors:
            raise LabctlError(f"pushing {ref} failed: {errors[-1]}",
                              hint="Check the registry with `labctl registry status`.")
        _present.add(ref)
        out.pushed.append(ref)
    return out


def forget_present() -> None:
    """Forget which refs were seen (a registry that was removed holds nothing any more)."""
    with contextlib.suppress(Exception):
        _present.clear()
