"""A small fake Kubernetes API server for unit tests (no cluster can run here).

It speaks just enough of the real API for the kubernetes Python client:
discovery (/version, /api, /apis, resource lists), GET of objects and lists
(with equality label selectors), and PATCH as server-side apply, which
stores the object. Objects may be *scripted*: a list of states served one
per GET (the last one repeats), to drive readiness over time. CRDs applied
through it become served kinds once "established" (after a few GETs).
Every request is logged in `requests` for assertions.
"""

from __future__ import annotations

import copy
import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

# kind -> (group/version, plural, namespaced)
BUILTIN: dict[str, tuple[str, str, bool]] = {
    "Namespace": ("v1", "namespaces", False),
    "ConfigMap": ("v1", "configmaps", True),
    "Secret": ("v1", "secrets", True),
    "Service": ("v1", "services", True),
    "ServiceAccount": ("v1", "serviceaccounts", True),
    "Pod": ("v1", "pods", True),
    "Event": ("v1", "events", True),
    "Node": ("v1", "nodes", False),
    "Deployment": ("apps/v1", "deployments", True),
    "StatefulSet": ("apps/v1", "statefulsets", True),
    "ReplicaSet": ("apps/v1", "replicasets", True),
    "DaemonSet": ("apps/v1", "daemonsets", True),
    "Job": ("batch/v1", "jobs", True),
    "Role": ("rbac.authorization.k8s.io/v1", "roles", True),
    "RoleBinding": ("rbac.authorization.k8s.io/v1", "rolebindings", True),
    "ClusterRole": ("rbac.authorization.k8s.io/v1", "clusterroles", False),
    "ClusterRoleBinding": ("rbac.authorization.k8s.io/v1", "clusterrolebindings", False),
    "Ingress": ("networking.k8s.io/v1", "ingresses", True),
    "CustomResourceDefinition": ("apiextensions.k8s.io/v1", "customresourcedefinitions", False),
}


def _base(group_version: str) -> str:
    return "/api/v1" if group_version == "v1" else f"/apis/{group_version}"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    content_type: str
    body: Any = None


@dataclass
class FakeKube:
    kinds: dict[str, tuple[str, str, bool]] = field(default_factory=lambda: dict(BUILTIN))
    #: path -> list of states (served in order; the last repeats)
    objects: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    #: GETs of a CRD before it reports Established
    crd_establish_after: int = 2
    #: make applied workloads ready at once (with one ready pod each), like a fast cluster
    auto_ready: bool = False
    pending_crds: dict[str, int] = field(default_factory=dict)
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    # -- objects -----------------------------------------------------------------

    def path_of(self, obj: dict[str, Any]) -> str:
        gv, plural, namespaced = self.kinds[obj["kind"]]
        meta = obj["metadata"]
        if namespaced:
            return f"{_base(gv)}/namespaces/{meta.get('namespace', 'default')}/{plural}/{meta['name']}"
        return f"{_base(gv)}/{plural}/{meta['name']}"

    def put(self, *objs: dict[str, Any]) -> None:
        for obj in objs:
            self.objects[self.path_of(obj)] = [copy.deepcopy(obj)]

    def script(self, *states: dict[str, Any]) -> None:
        """Serve these states of one object, one per GET."""
        self.objects[self.path_of(states[0])] = [copy.deepcopy(s) for s in states]

    def current(self, path: str) -> dict[str, Any] | None:
        states = self.objects.get(path)
        return states[0] if states else None

    def applied(self) -> list[Request]:
        return [r for r in self.requests if r.method == "PATCH"]

    # -- discovery ---------------------------------------------------------------

    def _groups(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for gv, _, _ in self.kinds.values():
            if gv != "v1":
                group, version = gv.split("/")
                groups.setdefault(group, [])
                if version not in groups[group]:
                    groups[group].append(version)
        return groups

    def _resource_list(self, gv: str) -> dict[str, Any] | None:
        resources = [
            {"name": plural, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
             "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]}
            for kind, (g, plural, namespaced) in self.kinds.items() if g == gv
        ]
        if not resources:
            return None
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources}

    # -- request handling --------------------------------------------------------

    def handle(self, req: Request) -> tuple[int, Any]:
        with self.lock:
            self.requests.append(req)
            path = req.path.rstrip("/")
            if req.method == "GET":
                return self._get(path, req.query)
            if req.method == "PATCH":
                return self._apply(path, req)
            return 405, _status(405, "method not allowed")

    def _get(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        if path == "/version":
            return 200, {"major": "1", "minor": "30", "gitVersion": "v1.30.0"}
        if path == "/api":
            return 200, {"kind": "APIVersions", "versions": ["v1"]}
        if path == "/apis":
            return 200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": g, "versions": [{"groupVersion": f"{g}/{v}", "version": v} for v in vs],
                 "preferredVersion": {"groupVersion": f"{g}/{vs[0]}", "version": vs[0]}}
                for g, vs in self._groups().items()
            ]}
        if path == "/api/v1" or (path.startswith("/apis/") and path.count("/") == 3):
            gv = "v1" if path == "/api/v1" else path.removeprefix("/apis/")
            listing = self._resource_list(gv)
            return (200, listing) if listing else (404, _status(404, "not found"))
        if path in self.objects:
            states = self.objects[path]
            obj = states.pop(0) if len(states) > 1 else states[0]
            obj = self._maybe_establish(path, obj)
            return 200, obj
        listing = self._list(path, query)
        if listing is not None:
            return 200, listing
        return 404, _status(404, f"{path} not found")

    def _maybe_establish(self, path: str, obj: dict[str, Any]) -> dict[str, Any]:
        if obj.get("kind") != "CustomResourceDefinition" or path not in self.pending_crds:
            return obj
        self.pending_crds[path] -= 1
        if self.pending_crds[path] <= 0:
            del self.pending_crds[path]
            obj.setdefault("status", {})["conditions"] = [{"type": "Established", "status": "True"}]
            spec = obj["spec"]
            version = spec["versions"][0]["name"]
            self.kinds[spec["names"]["kind"]] = (f"{spec['group']}/{version}", spec["names"]["plural"],
                                                 spec.get("scope", "Namespaced") == "Namespaced")
        return obj

    def _list(self, path: str, query: dict[str, list[str]]) -> dict[str, Any] | None:
        for kind, (gv, plural, namespaced) in self.kinds.items():
            base = _base(gv)
            namespace = None
            if path == f"{base}/{plural}":
                pass
            elif namespaced and path.startswith(f"{base}/namespaces/") and path.endswith(f"/{plural}"):
                namespace = path.removeprefix(f"{base}/namespaces/").removesuffix(f"/{plural}")
                if "/" in namespace:
                    continue
            else:
                continue
            items = []
            for states in self.objects.values():
                obj = states[0]
                if obj.get("kind") != kind:
                    continue
                if namespace and obj["metadata"].get("namespace") != namespace:
                    continue
                if not _matches(obj, (query.get("labelSelector") or [""])[0]):
                    continue
                items.append(obj)
            return {"kind": f"{kind}List", "apiVersion": gv, "metadata": {}, "items": items}
        return None

    def _apply(self, path: str, req: Request) -> tuple[int, Any]:
        obj = copy.deepcopy(req.body)
        if not isinstance(obj, dict) or obj.get("kind") not in self.kinds:
            return 404, _status(404, "the server could not find the requested resource")
        meta = obj.setdefault("metadata", {})
        meta.setdefault("uid", f"uid-{len(self.requests)}")
        meta.setdefault("generation", 1)
        if self.path_of(obj) != path:
            return 400, _status(400, f"path {path} does not match the object")
        self.objects[path] = [obj]
        if self.auto_ready:
            self._make_ready(obj)
        if obj["kind"] == "CustomResourceDefinition":
            self.pending_crds[path] = self.crd_establish_after
        return 200, obj


    def _make_ready(self, obj: dict[str, Any]) -> None:
        kind, spec, meta = obj["kind"], obj.get("spec") or {}, obj["metadata"]
        if kind in ("Deployment", "StatefulSet"):
            n = int(spec.get("replicas", 1))
            obj["status"] = {"observedGeneration": meta["generation"], "replicas": n, "updatedReplicas": n,
                             "readyReplicas": n, "availableReplicas": n}
        elif kind == "Job":
            obj["status"] = {"succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]}
        else:
            return
        template = spec.get("template") or {}
        labels = (template.get("metadata") or {}).get("labels") or {}
        containers = (template.get("spec") or {}).get("containers") or [{"name": "c"}]
        ready_pod = pod(f"{meta['name']}-0", meta.get("namespace", "default"), labels,
                        ready=kind != "Job", containers=containers)
        self.objects[self.path_of(ready_pod)] = [ready_pod]


def _status(code: int, message: str) -> dict[str, Any]:
    return {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "code": code}


def _matches(obj: dict[str, Any], selector: str) -> bool:
    labels = (obj.get("metadata") or {}).get("labels") or {}
    for term in filter(None, selector.split(",")):
        key, _, value = term.partition("=")
        if labels.get(key) != value:
            return False
    return True


class _Handler(BaseHTTPRequestHandler):
    fake: FakeKube

    def _serve(self, method: str) -> None:
        url = urllib.parse.urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = yaml.safe_load(raw) if raw else None
        req = Request(method, url.path, urllib.parse.parse_qs(url.query),
                      self.headers.get("Content-Type", ""), body)
        code, payload = self.fake.handle(req)
        data = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serve(fake: FakeKube | None = None) -> Iterator[FakeKube]:
    fake = fake or FakeKube()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def write_kubeconfig(path: Path, url: str, context: str = "kind-fake") -> Path:
    """A kubeconfig whose only context points at the fake server."""
    path.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": context,
        "clusters": [{"name": context, "cluster": {"server": url}}],
        "users": [{"name": context, "user": {"token": "fake"}}],
        "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
    }))
    return path


def api_client(url: str) -> Any:
    from kubernetes import client

    config = client.Configuration()
    config.host = url
    return client.ApiClient(config)


# -- object builders -------------------------------------------------------------


def deployment(name: str, ns: str, *, replicas: int = 3, ready: int = 3, updated: int | None = None,
               total: int | None = None, generation: int = 1, observed: int = 1,
               labels: dict[str, str] | None = None, containers: list[dict[str, Any]] | None = None,
               strategy: dict[str, Any] | None = None, conditions: list[dict[str, Any]] | None = None,
               uid: str | None = None) -> dict[str, Any]:
    labels = labels or {"app": name}
    updated = ready if updated is None else updated
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": ns, "generation": generation, "uid": uid or f"uid-{name}",
                     "labels": dict(labels)},
        "spec": {
            "replicas": replicas, "selector": {"matchLabels": dict(labels)},
            "strategy": strategy or {"type": "RollingUpdate",
                                     "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
            "template": {"metadata": {"labels": dict(labels)},
                         "spec": {"containers": containers or [{"name": "app", "image": "app:v1"}]}},
        },
        "status": {"observedGeneration": observed, "replicas": replicas if total is None else total,
                   "updatedReplicas": updated, "readyReplicas": ready, "availableReplicas": ready,
                   "conditions": conditions or []},
    }


def pod(name: str, ns: str, labels: dict[str, str], *, ready: bool = True, ip: str = "10.0.0.1",
        containers: list[dict[str, Any]] | None = None,
        waiting: tuple[str, str] | None = None) -> dict[str, Any]:
    containers = containers or [{"name": "app", "image": "app:v1"}]
    statuses = []
    for c in containers:
        state: dict[str, Any] = {"running": {}}
        if waiting:
            state = {"waiting": {"reason": waiting[0], "message": waiting[1]}}
        statuses.append({"name": c["name"], "ready": ready, "restartCount": 0, "state": state})
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": dict(labels)},
        "spec": {"containers": containers},
        "status": {"phase": "Running" if ready else "Pending", "podIP": ip,
                   "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
                   "containerStatuses": statuses},
    }


def event(name: str, ns: str, involved_kind: str, involved: str, reason: str, message: str,
          when: str = "2024-01-01T00:00:00Z", type_: str = "Warning") -> dict[str, Any]:
    return {
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": name, "namespace": ns},
        "involvedObject": {"kind": involved_kind, "name": involved, "namespace": ns},
        "reason": reason, "message": message, "type": type_, "lastTimestamp": when,
    }


def replicaset(name: str, ns: str, owner_uid: str, revision: int, image: str, replicas: int,
               history: str = "") -> dict[str, Any]:
    notes = {"deployment.kubernetes.io/revision": str(revision)}
    if history:
        notes["deployment.kubernetes.io/revision-history"] = history
    return {
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": name, "namespace": ns, "annotations": notes,
                     "ownerReferences": [{"kind": "Deployment", "name": name.rsplit("-", 1)[0],
                                          "uid": owner_uid, "apiVersion": "apps/v1"}]},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"rs": name}},
                 "template": {"spec": {"containers": [{"name": "app", "image": image}]}}},
    }
