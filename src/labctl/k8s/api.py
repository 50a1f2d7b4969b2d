"""Clients bound to one env's kubeconfig, JSON reads, and server-side apply.

Reads go through the typed APIs with `_preload_content=False` and come back
as plain dicts: readiness logic then works on the same JSON `kubectl get -o
json` shows, across kubernetes client versions, and is easy to feed from a
fake API server in tests. Writes use the dynamic client's server-side apply.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from labctl.errors import LabctlError
from labctl.k8s.manifests import (
    CUSTOM_RESOURCE_TIER,
    FOUNDATION_TIERS,
    Manifest,
    apply_order,
    apply_tier,
    crd_kinds,
)

FIELD_MANAGER = "labctl"
REQUEST_TIMEOUT = 30.0


class KubeError(LabctlError):
    """The API server refused or could not be reached; the message says what it said."""


def api_message(exc: BaseException) -> str:
    """The API server's own message from an ApiException body (a Status object)."""
    body = getattr(exc, "body", None)
    if body:
        try:
            data = json.loads(body)
            if isinstance(data, dict) and data.get("message"):
                return str(data["message"])
        except (TypeError, ValueError):
            pass
    status = getattr(exc, "status", None)
    reason = getattr(exc, "reason", None) or type(exc).__name__
    return f"{status} {reason}" if status else str(reason)


def load_api_client(kubeconfig: Path, context: str | None = None) -> Any:
    """A kubernetes ApiClient for this kubeconfig (never the user's ~/.kube/config)."""
    from kubernetes import config as k8s_config

    config: Any = k8s_config  # the loader functions are untyped
    if not kubeconfig.is_file():
        raise KubeError(
            f"no kubeconfig at {kubeconfig}: the env's cluster has not been created.",
            hint="Run `labctl up` for this lab first.",
        )
    try:
        return config.new_client_from_config(
            config_file=str(kubeconfig), context=context, persist_config=False
        )
    except config.ConfigException as exc:
        raise KubeError(f"cannot use kubeconfig {kubeconfig}: {exc}") from None


class Kube:
    """JSON access to one cluster. Every read returns dicts (None for 404)."""

    def __init__(self, api_client: Any):
        from kubernetes import client

        self.api_client = api_client
        self.core = client.CoreV1Api(api_client)
        self.apps = client.AppsV1Api(api_client)
        self.batch = client.BatchV1Api(api_client)
        self.ext = client.ApiextensionsV1Api(api_client)

    @classmethod
    def from_kubeconfig(cls, kubeconfig: Path, context: str | None = None) -> Kube:
        return cls(load_api_client(kubeconfig, context))

    def call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        from kubernetes.client.exceptions import ApiException
        from urllib3.exceptions import HTTPError

        try:
            resp = method(*args, _preload_content=False, _request_timeout=REQUEST_TIMEOUT, **kwargs)
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise KubeError(f"the Kubernetes API refused a read: {api_message(exc)}") from None
        except HTTPError as exc:
            raise KubeError(f"the Kubernetes API server cannot be reached: {exc}") from None
        data = json.loads(resp.data or b"{}")
        return data if isinstance(data, dict) else None

    def items(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        data = self.call(method, *args, **kwargs) or {}
        return [i for i in data.get("items") or [] if isinstance(i, dict)]

    # -- the reads labctl needs ------------------------------------------------

    def get(self, kind: str, namespace: str, name: str) -> dict[str, Any] | None:
        readers: dict[str, Callable[..., Any]] = {
            "Deployment": self.apps.read_namespaced_deployment,
            "StatefulSet": self.apps.read_namespaced_stateful_set,
            "DaemonSet": self.apps.read_namespaced_daemon_set,
            "Job": self.batch.read_namespaced_job,
            "Service": self.core.read_namespaced_service,
            "ConfigMap": self.core.read_namespaced_config_map,
            "Secret": self.core.read_namespaced_secret,
            "Pod": self.core.read_namespaced_pod,
        }
        if kind not in readers:
            raise ValueError(f"no reader for kind {kind}")
        return self.call(readers[kind], name, namespace)

    def pods(self, namespace: str | None, selector: str = "") -> list[dict[str, Any]]:
        if namespace is None:
            return self.items(self.core.list_pod_for_all_namespaces, label_selector=selector)
        return self.items(self.core.list_namespaced_pod, namespace, label_selector=selector)

    def events(self, namespace: str) -> list[dict[str, Any]]:
        return self.items(self.core.list_namespaced_event, namespace)

    def nodes(self) -> list[dict[str, Any]]:
        return self.items(self.core.list_node)

    def crd(self, name: str) -> dict[str, Any] | None:
        return self.call(self.ext.read_custom_resource_definition, name)


def label_selector(selector: dict[str, Any] | None) -> str:
    """A LabelSelector object as the string form the API accepts."""
    parts: list[str] = []
    if not selector:
        return ""
    for key, value in sorted((selector.get("matchLabels") or {}).items()):
        parts.append(f"{key}={value}")
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        joined = ",".join(str(v) for v in values)
        parts.append({"In": f"{key} in ({joined})", "NotIn": f"{key} notin ({joined})",
                      "Exists": f"{key}", "DoesNotExist": f"!{key}"}.get(str(op), ""))
    return ",".join(p for p in parts if p)


def crd_established(crd: dict[str, Any] | None) -> bool:
    for cond in ((crd or {}).get("status") or {}).get("conditions") or []:
        if cond.get("type") == "Established" and cond.get("status") == "True":
            return True
    return False


class Applier:
    """Server-side apply of manifests, in a CRD-safe order, with the dynamic client."""

    def __init__(
        self,
        api_client: Any,
        *,
        cache_file: Path | None = None,
        field_manager: str = FIELD_MANAGER,
        progress: Callable[[str], None] = lambda _: None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.api_client = api_client
        self.kube = Kube(api_client)
        self.cache_file = cache_file
        self.field_manager = field_manager
        self.progress = progress
        self.sleep = sleep
        self.clock = clock
        self._dynamic: Any = None

    @property
    def dynamic(self) -> Any:
        if self._dynamic is None:
            from kubernetes import dynamic
            from urllib3.exceptions import HTTPError

            DynamicClient: Any = dynamic.DynamicClient  # untyped

            try:
                self._dynamic = DynamicClient(
                    self.api_client, cache_file=str(self.cache_file) if self.cache_file else None
                )
            except HTTPError as exc:
                raise KubeError(f"the Kubernetes API server cannot be reached: {exc}") from None
        return self._dynamic

    def apply(
        self, manifests: Sequence[Manifest], default_namespace: str, *, crd_timeout: float = 60
    ) -> list[Manifest]:
        """Apply every object; return them in the order they were applied."""
        ordered = apply_order(manifests)
        crds = crd_kinds(ordered)
        applied_crds: list[str] = []
        foundation_done = False
        for m in ordered:
            tier = apply_tier(m, crds)
            if not foundation_done and tier not in FOUNDATION_TIERS:
                foundation_done = True
                if applied_crds:
                    self.wait_crds_established(applied_crds, crd_timeout)
            self.apply_one(m, default_namespace, refresh=tier == CUSTOM_RESOURCE_TIER)
            if m.kind == "CustomResourceDefinition":
                applied_crds.append(m.name)
        return ordered

    def apply_one(self, m: Manifest, default_namespace: str, *, refresh: bool = False) -> None:
        from kubernetes.client.exceptions import ApiException
        from kubernetes.dynamic.exceptions import ResourceNotFoundError

        try:
            resource = self.dynamic.resources.get(api_version=m.api_version, kind=m.kind)
        except ResourceNotFoundError:
            if not refresh:
                raise KubeError(
                    f"the cluster does not serve {m.kind} in apiVersion {m.api_version} "
                    f"({m.where()}).",
                    hint="Check apiVersion and kind against `kubectl api-resources`.",
                ) from None
            self.dynamic.resources.invalidate_cache()
            return self.apply_one(m, default_namespace, refresh=False)
        body = dict(m.obj)
        namespace = None
        if resource.namespaced:
            namespace = m.namespace or default_namespace
            body["metadata"] = {**body["metadata"], "namespace": namespace}
        self.progress(f"applying {m.kind} {namespace + '/' if namespace else ''}{m.name}")
        try:
            resource.server_side_apply(
                body=body, name=m.name, namespace=namespace,
                field_manager=self.field_manager, force_conflicts=True,
            )
        except ApiException as exc:
            raise KubeError(
                f"applying {m.describe()} from {m.where()} failed: {api_message(exc)}"
            ) from None

    def wait_crds_established(self, names: Sequence[str], timeout: float) -> None:
        self.progress(f"waiting for {len(names)} CustomResourceDefinition(s) to be established")
        deadline = self.clock() + timeout
        pending = list(names)
        while pending:
            pending = [n for n in pending if not crd_established(self.kube.crd(n))]
            if not pending:
                break
            if self.clock() > deadline:
                raise KubeError(
                    f"CustomResourceDefinition {pending[0]} is not established after {timeout:.0f}s."
                )
            self.sleep(0.5)
        # The new kinds are only visible after a fresh discovery.
        if self._dynamic is not None:
            self._dynamic.resources.invalidate_cache()
