"""Read-only helpers for checks of kind labs: the object behind the `k8s` fixture.

Everything reads the cluster's JSON (what `kubectl get -o json` shows), so a
check grades the result whatever tool made it: `kubectl apply` of any YAML,
`kubectl create/expose/set`, a script. Helpers named `assert_*` raise
AssertionError with a message written for the learner: what was expected,
what was found, in Kubernetes terms, never a Python repr.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labctl.errors import LabctlError
from labctl.grading.messages import CheckProblem
from labctl.k8s.api import Kube, label_selector
from labctl.k8s.wait import deployment_readiness, pod_problem, pod_ready

REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
FETCH_TIMEOUT = 10.0
PORT_FORWARD_START = 15.0
_FORWARDING = re.compile(r"Forwarding from 127\.0\.0\.1:(\d+)")


class ClusterProblem(CheckProblem):
    """The cluster cannot be read (no kubeconfig, API down): not the learner's answer."""


@dataclass(frozen=True)
class Revision:
    """One entry of a Deployment's rollout history (one ReplicaSet)."""

    number: int
    replicaset: str
    images: tuple[str, ...]
    replicas: int
    #: older revision numbers this ReplicaSet also had (it is reused on rollback)
    earlier: tuple[int, ...] = ()


@dataclass(frozen=True)
class Fetched:
    """An HTTP answer: status 0 when nothing answered."""

    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def containers_of(obj: dict[str, Any]) -> list[dict[str, Any]]:
    """The containers of a Deployment/StatefulSet/Job/Pod (pod template or pod spec)."""
    spec = obj.get("spec") or {}
    pod_spec = (spec.get("template") or {}).get("spec") if "template" in spec else spec
    return list((pod_spec or {}).get("containers") or [])


def pod_spec_of(obj: dict[str, Any]) -> dict[str, Any]:
    spec = obj.get("spec") or {}
    return dict((spec.get("template") or {}).get("spec") or {}) if "template" in spec else dict(spec)


@dataclass
class K8s:
    """Kubernetes clients and check helpers bound to one env's kubeconfig.

    `.core`, `.apps`, `.batch` are the typed kubernetes clients, `.dynamic` the
    dynamic client, `.api_client` the raw ApiClient; `.namespace` the lab's
    namespace (default for every helper); `.targets` workload -> kubectl:// URL.
    """

    kubeconfig: Path
    context: str | None = None
    namespace: str = "default"
    targets: dict[str, str] = field(default_factory=dict)
    _kube: Kube | None = field(default=None, repr=False)
    _dynamic: Any = field(default=None, repr=False)
    _forwards: list[Any] = field(default_factory=list, repr=False)

    # -- clients ----------------------------------------------------------------

    @property
    def kube(self) -> Kube:
        if self._kube is None:
            try:
                self._kube = Kube.from_kubeconfig(self.kubeconfig, self.context)
            except LabctlError as exc:
                raise ClusterProblem(exc.message) from None
        return self._kube

    @property
    def api_client(self) -> Any:
        return self.kube.api_client

    @property
    def core(self) -> Any:
        return self.kube.core

    @property
    def apps(self) -> Any:
        return self.kube.apps

    @property
    def batch(self) -> Any:
        return self.kube.batch

    @property
    def dynamic(self) -> Any:
        if self._dynamic is None:
            from kubernetes import dynamic

            client: Any = dynamic.DynamicClient
            cache = self.kubeconfig.parent / "kind" / "discovery-cache-checks.json"
            self._dynamic = client(self.api_client, cache_file=str(cache) if cache.parent.is_dir() else None)
        return self._dynamic

    def _read(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except LabctlError as exc:
            raise ClusterProblem(f"cannot read the cluster: {exc.message}") from None

    # -- objects ----------------------------------------------------------------

    def get(self, kind: str, name: str, namespace: str | None = None) -> dict[str, Any] | None:
        """One object as JSON, or None. kind: Deployment, StatefulSet, DaemonSet, Job,
        Service, ConfigMap, Secret or Pod."""
        return self._read(self.kube.get, kind, namespace or self.namespace, name)  # type: ignore[no-any-return]

    def names(self, kind: str, namespace: str | None = None) -> list[str]:
        ns = namespace or self.namespace
        lists = {
            "Deployment": self.apps.list_namespaced_deployment,
            "StatefulSet": self.apps.list_namespaced_stateful_set,
            "Job": self.batch.list_namespaced_job,
            "Service": self.core.list_namespaced_service,
            "ConfigMap": self.core.list_namespaced_config_map,
            "Secret": self.core.list_namespaced_secret,
            "Pod": self.core.list_namespaced_pod,
        }
        items = self._read(self.kube.items, lists[kind], ns)
        return sorted(i["metadata"]["name"] for i in items)

    def require(self, kind: str, name: str, namespace: str | None = None) -> dict[str, Any]:
        """The object, or an AssertionError saying it is missing and what exists instead."""
        ns = namespace or self.namespace
        obj = self.get(kind, name, ns)
        if obj is None:
            others = [n for n in self.names(kind, ns) if not n.startswith("default-token")]
            found = f"; {kind}s there: {', '.join(others)}" if others else f"; there is no {kind} there"
            raise AssertionError(f"expected a {kind} named '{name}' in namespace '{ns}'{found}")
        return obj

    def pods(self, namespace: str | None = None, selector: str = "") -> list[dict[str, Any]]:
        return self._read(self.kube.pods, namespace or self.namespace, selector)  # type: ignore[no-any-return]

    def pods_of(self, obj: dict[str, Any]) -> list[dict[str, Any]]:
        """The pods a Deployment/StatefulSet/Job/Service selects."""
        spec = obj.get("spec") or {}
        ns = obj["metadata"].get("namespace") or self.namespace
        if obj.get("kind") == "Service" or ("selector" in spec and "template" not in spec):
            selector = ",".join(f"{k}={v}" for k, v in sorted((spec.get("selector") or {}).items()))
            if not selector:
                return []
        else:
            selector = label_selector(spec.get("selector"))
        return [p for p in self.pods(ns, selector) if not (p["metadata"].get("deletionTimestamp"))]

    # -- deployments ------------------------------------------------------------

    def ready_replicas(self, name: str, namespace: str | None = None) -> int:
        obj = self.get("Deployment", name, namespace)
        return int(((obj or {}).get("status") or {}).get("readyReplicas") or 0)

    def assert_deployment_ready(self, name: str, replicas: int, namespace: str | None = None) -> dict[str, Any]:
        """Deployment `name` wants `replicas` and has that many ready, up-to-date replicas."""
        ns = namespace or self.namespace
        obj = self.require("Deployment", name, ns)
        want = int((obj.get("spec") or {}).get("replicas", 1))
        assert want == replicas, (
            f"Deployment {name} should run {replicas} replicas; its spec.replicas is {want}")
        status = obj.get("status") or {}
        ready = int(status.get("readyReplicas") or 0)
        state = deployment_readiness(obj)
        if ready >= replicas and state.ready:
            return obj
        bad = [p for p in self.pods_of(obj) if not pod_ready(p)]
        why = "; ".join(f"pod {p['metadata']['name']}: {pod_problem(p)}" for p in bad[:2])
        raise AssertionError(
            f"Deployment {name} should have {replicas} ready replicas; it has {ready} "
            f"({state.summary})" + (f". {why}" if why else "")
        )

    def rollout_history(self, name: str, namespace: str | None = None) -> list[Revision]:
        """The Deployment's revisions, oldest first (what `kubectl rollout history` lists)."""
        ns = namespace or self.namespace
        deployment = self.require("Deployment", name, ns)
        uid = deployment["metadata"].get("uid")
        items = self._read(self.kube.items, self.apps.list_namespaced_replica_set, ns)
        out = []
        for rs in items:
            owners = rs["metadata"].get("ownerReferences") or []
            if not any(o.get("uid") == uid and o.get("kind") == "Deployment" for o in owners):
                continue
            notes = rs["metadata"].get("annotations") or {}
            try:
                number = int(notes.get(REVISION, "0"))
            except ValueError:
                continue
            earlier = tuple(int(x) for x in str(notes.get(REVISION_HISTORY, "")).split(",") if x.strip().isdigit())
            out.append(Revision(
                number=number, replicaset=rs["metadata"]["name"],
                images=tuple(str(c.get("image", "")) for c in containers_of(rs)),
                replicas=int((rs.get("spec") or {}).get("replicas") or 0), earlier=earlier,
            ))
        return sorted(out, key=lambda r: r.number)

    def has_revision_with_image(self, name: str, image: str, namespace: str | None = None) -> bool:
        return any(image in r.images for r in self.rollout_history(name, namespace))

    def assert_revision_with_image(self, name: str, image: str, namespace: str | None = None) -> Revision:
        history = self.rollout_history(name, namespace)
        for rev in history:
            if image in rev.images:
                return rev
        seen = ", ".join(f"{r.number}: {' '.join(r.images)}" for r in history) or "none"
        raise AssertionError(
            f"the rollout history of Deployment {name} has no revision running {image}; "
            f"revisions: {seen}")

    # -- reaching services ------------------------------------------------------

    def host(self, workload: str) -> Any:
        """A testinfra Host on the first ready pod of a workload labctl deployed."""
        import testinfra

        url = self.targets.get(workload)
        if url is None:
            running = ", ".join(sorted(self.targets)) or "none"
            raise ClusterProblem(f"no ready pod of '{workload}' in this env (ready: {running}); "
                                 "recreate the env with `labctl reset`")
        return testinfra.get_host(url)

    def fetch(self, url: str, via: str, timeout: float = FETCH_TIMEOUT) -> Fetched:
        """GET `url` from inside a pod of workload `via` (its image needs curl)."""
        host = self.host(via)
        result = host.run(f"curl -s -m {timeout:g} -w '\\n%{{http_code}}' {shlex.quote(url)}")
        body, _, code = result.stdout.rpartition("\n")
        try:
            return Fetched(int(code.strip() or 0), body)
        except ValueError:
            return Fetched(0, result.stdout)

    def kubectl(self, *args: str, timeout: float = 60) -> Any:
        """Run kubectl against this env's cluster; returns labctl.runner.Result."""
        from labctl import runner

        argv = ["kubectl", "--kubeconfig", str(self.kubeconfig)]
        if self.context:
            argv += ["--context", self.context]
        return runner.run([*argv, *args], timeout=timeout, check=False)

    @contextlib.contextmanager
    def port_forward(self, target: str, port: int, namespace: str | None = None) -> Iterator[int]:
        """`kubectl port-forward TARGET :PORT` for the block; yields the local port.

        target is `svc/NAME`, `deployment/NAME` or `pod/NAME`."""
        from labctl import runner

        ns = namespace or self.namespace
        argv = ["kubectl", "--kubeconfig", str(self.kubeconfig)]
        if self.context:
            argv += ["--context", self.context]
        argv += ["-n", ns, "port-forward", "--address", "127.0.0.1", target, f":{port}"]
        with tempfile.TemporaryDirectory(prefix="labctl-pf-") as tmp:
            log = Path(tmp) / "port-forward.log"
            proc = runner.spawn(argv, log_file=log)
            self._forwards.append(proc)
            try:
                deadline = time.monotonic() + PORT_FORWARD_START
                local = None
                while local is None:
                    text = log.read_text(errors="replace") if log.exists() else ""
                    match = _FORWARDING.search(text)
                    if match:
                        local = int(match.group(1))
                        break
                    if proc.poll() is not None or time.monotonic() > deadline:
                        last = text.strip().splitlines()[-1:] or ["no output"]
                        raise AssertionError(
                            f"cannot port-forward to {target} port {port} in namespace {ns}: {last[0]}")
                    time.sleep(0.1)
                yield local
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except Exception:
                    proc.kill()
                self._forwards.remove(proc)

    def service_answers(
        self, name: str, port: int, namespace: str | None = None, path: str = "/",
        via: str | None = None, timeout: float = FETCH_TIMEOUT,
    ) -> Fetched:
        """GET http://NAME:PORT/PATH of a Service: from a pod of workload `via`
        (cluster DNS, what other pods see), or else through `kubectl port-forward`."""
        ns = namespace or self.namespace
        if via is not None:
            return self.fetch(f"http://{name}.{ns}.svc.cluster.local:{port}/{path.lstrip('/')}", via, timeout)
        with self.port_forward(f"svc/{name}", port, ns) as local:
            url = f"http://127.0.0.1:{local}/{path.lstrip('/')}"
            got = http_get(url, timeout)
            for _ in range(3):  # the forward may take a moment to accept its first connection
                if got.status != 0:
                    break
                time.sleep(0.5)
                got = http_get(url, timeout)
            return got

    def assert_service_answers(
        self, name: str, port: int, namespace: str | None = None, path: str = "/",
        via: str | None = None, status: int = 200,
    ) -> Fetched:
        ns = namespace or self.namespace
        self.require("Service", name, ns)
        got = self.service_answers(name, port, ns, path, via)
        where = f"Service {name} (namespace {ns}) port {port}, path {path}"
        assert got.status != 0, f"nothing answered on {where}: does it select ready pods on the right targetPort?"
        assert got.status == status, f"{where} answered HTTP {got.status}, expected {status}"
        return got

    def close(self) -> None:
        for proc in list(self._forwards):
            with contextlib.suppress(Exception):
                proc.kill()
        self._forwards.clear()


def http_get(url: str, timeout: float = FETCH_TIMEOUT) -> Fetched:
    """GET with the standard library: status 0 when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return Fetched(int(resp.status), resp.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return Fetched(int(exc.code), exc.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return Fetched(0, "")
