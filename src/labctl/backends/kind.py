"""Kind backend: a Kubernetes cluster per environment, manifests applied with the API.

- render:  the kind cluster config (cluster name per env, API server on
           127.0.0.1 at a free port, extraPortMappings from labctl's port
           allocator, node count from lab.yaml) and the lab's manifests,
           decorated with labctl's ownership labels and the lab's namespace.
- validate: every rendered manifest against the Kubernetes OpenAPI schema, offline.
- prepare: build the lab's images (and their variants, see labctl.k8s.images).
- apply:   `kind create cluster ... --kubeconfig <workdir>/kubeconfig` (the
           user's ~/.kube/config is never touched), `kind load docker-image`,
           then server-side apply of the manifests in a CRD-safe order.
- wait:    Deployments, StatefulSets and Jobs ready, or the failing pods' events.
- destroy: `kind delete cluster` (a no-op when there is none).

The cluster is found by its name, `labctl-<lab>-<env>`, so `down` works
even when the state store lost the env.
"""

from __future__ import annotations

import os
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

import yaml

from labctl import images, paths, ports, runner
from labctl.backends.base import Backend
from labctl.env.context import EnvContext
from labctl.env.labels import LABEL_ENV, LABEL_LAB, LABEL_STORE
from labctl.env.naming import cluster_name
from labctl.env.record import KindData
from labctl.env.status import Component
from labctl.errors import CommandFailed, LabctlError, PrerequisiteError, SpecError
from labctl.k8s.images import build_variants, variant_tags
from labctl.k8s.manifests import (
    LABEL_WORKLOAD,
    WAITED_KINDS,
    Manifest,
    crd_kinds,
    decorate,
    dump_documents,
    label_value,
    parse_documents,
)
from labctl.render import render_template, write_file
from labctl.spec.models import KindPart

KIND_DIR = "kind"
CLUSTER_FILE = "cluster.yaml"
MANIFESTS_DIR = "manifests"
NAMESPACE_FILE = "_namespace.yaml"
KUBECONFIG_FILE = "kubeconfig"
SHARED_CONFIG_TEMPLATE = "kind/cluster.yaml.j2"
DEFAULT_CONFIG_TEMPLATE = "kind.yaml.j2"
KIND_API_VERSION = "kind.x-k8s.io/v1alpha4"
API_SERVER_ADDRESS = "127.0.0.1"
CREATE_WAIT = "120s"
ENV_NODE_IMAGE = "LABCTL_KIND_NODE_IMAGE"


def _rendered_name(template: str) -> str:
    """`manifests/app.yaml.j2` -> `app.yaml` (under kind/manifests/ in the workdir)."""
    rel = template.removesuffix(".j2")
    return rel.removeprefix(f"{MANIFESTS_DIR}/") or rel


def kind_clusters() -> list[str]:
    """Names of the kind clusters on this host (kind must be installed)."""
    result = runner.run(["kind", "get", "clusters"], timeout=60, what="kind get clusters")
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


class KindBackend(Backend):
    name = "kind"

    def __init__(self, ctx: EnvContext):
        super().__init__(ctx)
        self._manifests: list[Manifest] | None = None

    # -- prerequisites ----------------------------------------------------------

    @classmethod
    def check_prerequisites(cls) -> None:
        from labctl.spec.kinds import KINDS, TOOL_HINTS

        tools = KINDS[cls.name].tools
        missing = [tool for tool in tools if runner.which(tool) is None]
        if missing:
            present = [t for t in tools if t not in missing]
            have = f" ({', '.join(present)} {'is' if len(present) == 1 else 'are'} here)" if present else ""
            raise PrerequisiteError(
                f"this lab runs on a kind Kubernetes cluster and needs {', '.join(tools)}; "
                f"missing on this machine: {', '.join(missing)}{have}.",
                hint=" ".join(TOOL_HINTS[t] for t in missing)
                + " `labctl list` shows which labs this machine can run.",
            )
        from labctl import docker_engine

        docker_engine.client()

    # -- names and places -----------------------------------------------------------

    @property
    def part(self) -> KindPart:
        part = self.ctx.lab.spec.environment.kind
        assert part is not None
        return part

    @property
    def cluster_name(self) -> str:
        return self.ctx.record.data.kind.cluster or cluster_name(self.ctx.project)

    @property
    def context_name(self) -> str:
        return f"kind-{self.cluster_name}"

    @property
    def kubeconfig(self) -> Path:
        return self.ctx.workdir / KUBECONFIG_FILE

    @property
    def kind_dir(self) -> Path:
        return self.ctx.workdir / KIND_DIR

    @property
    def cluster_file(self) -> Path:
        return self.kind_dir / CLUSTER_FILE

    @property
    def manifests_dir(self) -> Path:
        return self.kind_dir / MANIFESTS_DIR

    def _owner_labels(self) -> dict[str, str]:
        owner = {LABEL_LAB: label_value(self.ctx.lab.id), LABEL_ENV: label_value(self.ctx.record.name)}
        if not self.ctx.record.data.legacy:
            owner[LABEL_STORE] = label_value(self.ctx.record.store)
        return owner

    def _kind_data(self) -> KindData:
        return self.ctx.record.data.kind

    # -- render -----------------------------------------------------------------

    def _api_server_port(self) -> int:
        data = self._kind_data()
        if not data.api_server_port:
            avoid = set(self.ctx.record.ports.values())
            data.api_server_port = ports.free_port(API_SERVER_ADDRESS, avoid)
        return int(data.api_server_port)

    def _port_mappings(self) -> list[dict[str, Any]]:
        mappings = []
        for p in self.part.ports:
            if p.name not in self.ctx.record.ports:
                raise LabctlError(f"no host port was allocated for '{p.name}'; re-create the env "
                                  f"with `labctl reset {self.ctx.lab.id}`.")
            mappings.append({
                "name": p.name, "host_port": int(self.ctx.record.ports[p.name]),
                "container_port": p.target, "protocol": p.protocol.upper(),
                "listen_address": self.ctx.bind_address,
            })
        return mappings

    def template_context(self) -> dict[str, Any]:
        context = self.ctx.template_context()
        context["images"] = {**variant_tags(self.ctx.lab), **context["images"]}
        context["kind"] = {
            "cluster_name": self.cluster_name,
            "api_server_address": API_SERVER_ADDRESS,
            "api_server_port": self._api_server_port(),
            "nodes": self.part.nodes,
            "namespace": self.part.namespace,
            "port_mappings": self._port_mappings(),
        }
        return context

    def _config_template(self) -> str:
        name = str(self.part.config)
        lab_file = self.ctx.lab.templates_dir / name
        shared_file = paths.shared_templates_dir() / name
        if name == DEFAULT_CONFIG_TEMPLATE and not lab_file.is_file() and not shared_file.is_file():
            return SHARED_CONFIG_TEMPLATE
        return name

    def render(self) -> list[Path]:
        data = self._kind_data()
        data.cluster, data.context = self.cluster_name, self.context_name
        data.kubeconfig, data.namespace = str(self.kubeconfig), self.part.namespace
        context = self.template_context()
        written = [self._render_config(context)]
        written += self._render_manifests(context)
        return written

    def _render_config(self, context: dict[str, Any]) -> Path:
        name = self._config_template()
        source = str(self.ctx.lab.templates_dir / name)
        if name == SHARED_CONFIG_TEMPLATE:
            source = str(paths.shared_templates_dir() / name)
        text = render_template(self.ctx.lab, name, context)
        config = self._enforce_config(text, source, context["kind"])
        write_file(self.cluster_file, text if config is None else
                   yaml.safe_dump(config, sort_keys=False))
        return self.cluster_file

    def _enforce_config(self, text: str, source: str, kind: dict[str, Any]) -> dict[str, Any] | None:
        """Check the rendered kind config; return a corrected one, or None if it is fine as is.

        Whatever the lab's template says, the cluster is named after the env, its API
        server listens on 127.0.0.1 at labctl's port, and labctl's ports are mapped.
        """
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SpecError(f"the rendered kind config is not valid YAML: {exc}", file=source) from exc
        if not isinstance(doc, dict) or doc.get("kind") != "Cluster" or doc.get("apiVersion") != KIND_API_VERSION:
            raise SpecError(
                f"the rendered kind config must be `kind: Cluster` with `apiVersion: {KIND_API_VERSION}`",
                file=source,
            )
        changed = False
        wanted = {"apiServerAddress": kind["api_server_address"], "apiServerPort": kind["api_server_port"]}
        networking = doc.get("networking") or {}
        if doc.get("name") != kind["cluster_name"]:
            doc["name"], changed = kind["cluster_name"], True
        for key, value in wanted.items():
            if networking.get(key) != value:
                networking[key], changed = value, True
        doc["networking"] = networking
        nodes = doc.get("nodes")
        if not nodes:
            nodes = [{"role": "control-plane"}] + [{"role": "worker"} for _ in range(kind["nodes"] - 1)]
            doc["nodes"], changed = nodes, True
        if not isinstance(nodes, list) or not all(isinstance(n, dict) for n in nodes):
            raise SpecError("the kind config's 'nodes' must be a list of nodes", file=source, field="nodes")
        if len(nodes) != kind["nodes"]:
            raise SpecError(
                f"the kind config has {len(nodes)} nodes but lab.yaml asks for {kind['nodes']}",
                file=source, field="nodes",
                hint="Loop over `kind.nodes` in the template, or change environment.kind.nodes.",
            )
        control = next((n for n in nodes if n.get("role") == "control-plane"), None)
        if control is None:
            raise SpecError("the kind config has no control-plane node", file=source, field="nodes")
        existing = {(int(m.get("hostPort", 0)), int(m.get("containerPort", 0)))
                    for n in nodes for m in n.get("extraPortMappings") or []}
        for m in kind["port_mappings"]:
            if (m["host_port"], m["container_port"]) not in existing:
                control.setdefault("extraPortMappings", []).append({
                    "containerPort": m["container_port"], "hostPort": m["host_port"],
                    "listenAddress": m["listen_address"], "protocol": m["protocol"],
                })
                changed = True
        return doc if changed else None

    def _render_manifests(self, context: dict[str, Any]) -> list[Path]:
        per_file: list[tuple[Path, list[Manifest]]] = []
        everything: list[Manifest] = []
        for name in self.part.manifests:
            source = str(self.ctx.lab.templates_dir / name)
            docs = parse_documents(render_template(self.ctx.lab, name, context), source)
            out = self.manifests_dir / _rendered_name(name)
            per_file.append((out, docs))
            everything += docs
        namespace = self.part.namespace
        if not any(m.kind == "Namespace" and m.name == namespace for m in everything):
            ns = Manifest({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}},
                          f"{self.ctx.lab.spec_file} (environment.kind.namespace)")
            per_file.insert(0, (self.manifests_dir / NAMESPACE_FILE, [ns]))
            everything.insert(0, ns)
        crds = crd_kinds(everything)
        labels = {**self.ctx.labels, **self._owner_labels()}  # + class and student, in a class
        if self.manifests_dir.exists():
            for stale in self.manifests_dir.rglob("*.yaml"):
                stale.unlink()
        written: list[Path] = []
        rendered: list[Manifest] = []
        for out, docs in per_file:
            decorated = [decorate(m, labels, namespace, crds) for m in docs]
            rendered += decorated
            write_file(out, dump_documents(decorated))
            written.append(out)
        self._manifests = rendered
        return written

    def manifests(self) -> list[Manifest]:
        """The decorated manifests of the last render (rendering now if needed)."""
        if self._manifests is None:
            self.render()
        assert self._manifests is not None
        return list(self._manifests)

    def validate(self) -> None:
        from labctl.k8s.schema import validate_manifests

        validate_manifests(self.manifests())

    # -- lifecycle --------------------------------------------------------------

    def prepare(self) -> None:
        built = images.build_lab(self.ctx.lab, self.ctx.progress)
        built.update(build_variants(self.ctx.lab, self.ctx.progress))
        self.ctx.record.data.images = built

    def _kind(self, *args: str, timeout: float = 600, what: str = "kind") -> runner.Result:
        return runner.run(["kind", *args], timeout=timeout, what=what)

    def cluster_exists(self) -> bool:
        return self.cluster_name in kind_clusters()

    def apply(self) -> None:
        if self.cluster_exists():
            self._kind("export", "kubeconfig", "--name", self.cluster_name,
                       "--kubeconfig", str(self.kubeconfig), what="kind export kubeconfig")
        else:
            self._create_cluster()
        self._load_images()
        self._apply_manifests()

    def _create_cluster(self) -> None:
        self.ctx.progress(f"creating kind cluster {self.cluster_name} (a minute or two)")
        argv = ["create", "cluster", "--name", self.cluster_name, "--config", str(self.cluster_file),
                "--wait", CREATE_WAIT, "--kubeconfig", str(self.kubeconfig)]
        node_image = os.environ.get(ENV_NODE_IMAGE)
        if node_image:
            argv += ["--image", node_image]
        try:
            self._kind(*argv, timeout=900, what="kind create cluster")
        except CommandFailed as exc:
            raise LabctlError(
                f"kind could not create the cluster {self.cluster_name} (exit {exc.returncode}).",
                hint="Check `labctl doctor` (Docker engine, inotify limits) and that kind's node "
                f"image can be pulled or is loaded (set {ENV_NODE_IMAGE} to use a local one).",
                details=exc.details,
            ) from None

    def _load_images(self) -> None:
        tags = sorted(set(self.ctx.record.data.images.values()))
        if not tags:
            return
        self.ctx.progress(f"loading {len(tags)} image(s) into the cluster")
        self._kind("load", "docker-image", "--name", self.cluster_name, *tags, timeout=900,
                   what="kind load docker-image")

    def _kube(self) -> Any:
        from labctl.k8s.api import Kube

        return Kube.from_kubeconfig(self.kubeconfig, self.context_name)

    def _apply_manifests(self) -> None:
        from labctl.k8s.api import Applier, load_api_client

        applier = Applier(load_api_client(self.kubeconfig, self.context_name),
                          cache_file=self.kind_dir / "discovery-cache.json", progress=self.ctx.progress)
        applier.apply(self.manifests(), self.part.namespace)

    def wait_ready(self, timeout: float) -> None:
        from labctl.k8s.wait import Workload, wait_ready

        workloads = [Workload(m.kind, m.namespace or self.part.namespace, m.name)
                     for m in self.manifests() if m.kind in WAITED_KINDS and m.group in ("apps", "batch")]
        if not workloads:
            return
        wait_ready(
            self._kube(), workloads, min(timeout, self.part.ready_timeout), progress=self.ctx.progress,
            hint=f"Look closer with `kubectl --kubeconfig {self.kubeconfig} describe pods -A`.",
        )

    def targets(self) -> dict[str, str]:
        """workload name -> `kubectl://pod?namespace=..&container=..&kubeconfig=..&context=..`."""
        if not self.kubeconfig.is_file():
            return {}
        from labctl.k8s.wait import pod_ready

        selector = ",".join(f"{k}={v}" for k, v in self._owner_labels().items())
        out: dict[str, str] = {}
        for pod in sorted(self._kube().pods(None, selector), key=lambda p: p["metadata"]["name"]):
            meta = pod["metadata"]
            workload = (meta.get("labels") or {}).get(LABEL_WORKLOAD)
            if not workload or workload in out or not pod_ready(pod):
                continue
            containers = (pod.get("spec") or {}).get("containers") or [{}]
            query = urllib.parse.urlencode({
                "namespace": meta["namespace"], "container": containers[0].get("name", ""),
                "kubeconfig": str(self.kubeconfig), "context": self.context_name,
            })
            out[workload] = f"kubectl://{meta['name']}?{query}"
        return out

    def status(self) -> list[Component]:
        if runner.which("kind") is None:
            return []
        try:
            exists = self.cluster_exists()
        except LabctlError as exc:
            return [Component(self.cluster_name, "kind cluster", f"unknown: {exc.message}", False)]
        if not exists:
            if self.ctx.record.data.kind.cluster:  # it was made, and is gone
                return [Component(self.cluster_name, "kind cluster", "missing", False,
                                  "removed from outside?", present=False, running=False)]
            return []
        rows = [Component(self.cluster_name, "kind cluster", "running", True, self.context_name)]
        try:
            kube = self._kube()
            rows += self._node_rows(kube) + self._workload_rows(kube)
        except LabctlError as exc:
            rows[0] = Component(self.cluster_name, "kind cluster", f"API unreachable: {exc.message}",
                                False, self.context_name)
        return rows

    def _node_rows(self, kube: Any) -> list[Component]:
        rows = []
        for node in kube.nodes():
            ready = any(c.get("type") == "Ready" and c.get("status") == "True"
                        for c in (node.get("status") or {}).get("conditions") or [])
            rows.append(Component(node["metadata"]["name"], "node", "Ready" if ready else "NotReady", ready))
        return rows

    def _workload_rows(self, kube: Any) -> list[Component]:
        from labctl.k8s.wait import readiness

        selector = ",".join(f"{k}={v}" for k, v in self._owner_labels().items())
        lists = {
            "Deployment": kube.apps.list_deployment_for_all_namespaces,
            "StatefulSet": kube.apps.list_stateful_set_for_all_namespaces,
            "Job": kube.batch.list_job_for_all_namespaces,
        }
        rows = []
        for kind, method in lists.items():
            for obj in kube.items(method, label_selector=selector):
                state = readiness(kind, obj)
                meta = obj["metadata"]
                rows.append(Component(f"{meta['namespace']}/{meta['name']}", kind.lower(),
                                      state.summary, state.ready))
        return sorted(rows, key=lambda r: (r.kind, r.name))

    def destroy(self) -> None:
        if runner.which("kind") is None:
            self.ctx.progress("kind is not installed, so no kind cluster of this env can exist")
            return
        if not self.cluster_exists():
            self.ctx.record.data.kind.cluster = ""  # nothing of it is left to report as missing
            return
        self.ctx.progress(f"deleting kind cluster {self.cluster_name}")
        with tempfile.TemporaryDirectory(prefix="labctl-kind-") as tmp:
            # Always name a kubeconfig: without one kind edits the user's ~/.kube/config.
            kubeconfig = self.kubeconfig if self.kubeconfig.parent.is_dir() else Path(tmp) / KUBECONFIG_FILE
            self._kind("delete", "cluster", "--name", self.cluster_name, "--kubeconfig", str(kubeconfig),
                       timeout=300, what="kind delete cluster")
        self.ctx.record.data.kind.cluster = ""

    def env_vars(self) -> dict[str, str]:
        return {"KUBECONFIG": str(self.kubeconfig)}
