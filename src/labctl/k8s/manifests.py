"""Rendered Kubernetes manifests: parsing, labctl's labels, and a CRD-safe apply order.

Pure functions over plain dicts (no kubernetes client), so they are fast to
test and usable offline by `labctl validate`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from labctl.errors import SpecError

# Built-in API groups ("" is the core group). A kind in any other group is a
# custom resource: it is applied last, once the CRDs defining it are established.
BUILTIN_GROUPS = frozenset({
    "", "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io",
    "apps", "authentication.k8s.io", "authorization.k8s.io", "autoscaling", "batch",
    "certificates.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io",
    "flowcontrol.apiserver.k8s.io", "networking.k8s.io", "node.k8s.io", "policy",
    "rbac.authorization.k8s.io", "resource.k8s.io", "scheduling.k8s.io", "storage.k8s.io",
    "storagemigration.k8s.io", "internal.apiserver.k8s.io",
})

# Built-in kinds that are not namespaced (everything else built in is).
CLUSTER_SCOPED_KINDS = frozenset({
    "APIService", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding",
    "ComponentStatus", "CSIDriver", "CSINode", "CustomResourceDefinition", "FlowSchema",
    "IngressClass", "MutatingWebhookConfiguration", "Namespace", "Node", "PersistentVolume",
    "PriorityClass", "PriorityLevelConfiguration", "RuntimeClass", "StorageClass",
    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration", "VolumeAttachment",
})

# Apply tiers, in order. Namespaces and CRDs first (everything else may live in
# them or be one of them), then what workloads consume (policy, config, secrets,
# service accounts, storage), then RBAC, then services, then workloads, then
# what routes to or hooks into workloads. Custom resources come last.
APPLY_TIERS: tuple[tuple[str, ...], ...] = (
    ("Namespace",),
    ("CustomResourceDefinition",),
    ("PriorityClass", "RuntimeClass", "ResourceQuota", "LimitRange", "NetworkPolicy",
     "PodDisruptionBudget", "ServiceAccount", "Secret", "ConfigMap", "StorageClass",
     "PersistentVolume", "PersistentVolumeClaim", "IngressClass"),
    ("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"),
    ("Service", "Endpoints", "EndpointSlice"),
    ("DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "StatefulSet",
     "Job", "CronJob", "HorizontalPodAutoscaler"),
)
TIER_OF_KIND = {kind: i for i, kinds in enumerate(APPLY_TIERS) for kind in kinds}
OTHER_BUILTIN_TIER = len(APPLY_TIERS)        # Ingress, webhooks, APIService, ...
CUSTOM_RESOURCE_TIER = len(APPLY_TIERS) + 1  # instances of CRDs
#: tiers that must exist before the rest can be applied (namespaces, CRDs)
FOUNDATION_TIERS = (0, 1)

# Kinds whose pods labctl waits for, and where their pod template lives.
POD_TEMPLATE_PATHS: dict[str, tuple[str, ...]] = {
    "Deployment": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}
WAITED_KINDS = ("Deployment", "StatefulSet", "Job")

LABEL_WORKLOAD = "io.labctl.workload"
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")


@dataclass(frozen=True)
class Manifest:
    """One Kubernetes object, and where it came from (for error messages)."""

    obj: dict[str, Any]
    source: str      # the lab file it was rendered from
    index: int = 1   # 1-based document number in that file

    @property
    def api_version(self) -> str:
        return str(self.obj["apiVersion"])

    @property
    def kind(self) -> str:
        return str(self.obj["kind"])

    @property
    def group(self) -> str:
        return api_group(self.api_version)

    @property
    def name(self) -> str:
        return str(self.obj["metadata"]["name"])

    @property
    def namespace(self) -> str | None:
        ns = (self.obj.get("metadata") or {}).get("namespace")
        return str(ns) if ns else None

    def describe(self) -> str:
        ns = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind} {ns}{self.name}"

    def where(self) -> str:
        return f"{self.source} (document {self.index})"


def api_group(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


def parse_documents(text: str, source: str) -> list[Manifest]:
    """Every object in a multi-document YAML text (`kind: List` items flattened)."""
    try:
        docs = list(yaml.safe_load_all(text))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SpecError(
            f"the rendered manifest is not valid YAML: {getattr(exc, 'problem', None) or exc}",
            file=source, line=mark.line + 1 if mark is not None else None,
        ) from exc
    out: list[Manifest] = []
    for index, doc in enumerate(docs, start=1):
        if doc is None:
            continue
        items = doc.get("items") if isinstance(doc, dict) and doc.get("kind") == "List" else [doc]
        for item in items or []:
            out.append(_checked(item, source, index))
    return out


def _checked(doc: Any, source: str, index: int) -> Manifest:
    where = f"document {index}"
    if not isinstance(doc, dict):
        raise SpecError(f"{where} is not a mapping (a Kubernetes object)", file=source)
    for key in ("apiVersion", "kind"):
        if not isinstance(doc.get(key), str) or not doc[key]:
            raise SpecError(f"{where} has no '{key}'", file=source, field=key)
    meta = doc.get("metadata")
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str) or not meta["name"]:
        raise SpecError(
            f"{where} ({doc['kind']}) has no metadata.name; labctl applies objects by name "
            "(server-side apply), so generateName is not supported",
            file=source, field="metadata.name",
        )
    return Manifest(doc, source, index)


def crd_kinds(manifests: Iterable[Manifest]) -> dict[tuple[str, str], str]:
    """(group, kind) -> scope ('Namespaced'/'Cluster') for every CRD among the manifests."""
    out: dict[tuple[str, str], str] = {}
    for m in manifests:
        if m.kind == "CustomResourceDefinition":
            spec = m.obj.get("spec") or {}
            kind = (spec.get("names") or {}).get("kind")
            if spec.get("group") and kind:
                out[(str(spec["group"]), str(kind))] = str(spec.get("scope") or "Namespaced")
    return out


def is_custom(m: Manifest, crds: Mapping[tuple[str, str], str]) -> bool:
    return m.group not in BUILTIN_GROUPS or (m.group, m.kind) in crds


def is_namespaced(m: Manifest, crds: Mapping[tuple[str, str], str]) -> bool | None:
    """True/False when known offline; None for a custom kind no manifest defines."""
    scope = crds.get((m.group, m.kind))
    if scope is not None:
        return scope == "Namespaced"
    if m.group in BUILTIN_GROUPS:
        return m.kind not in CLUSTER_SCOPED_KINDS
    return None


def apply_tier(m: Manifest, crds: Mapping[tuple[str, str], str]) -> int:
    if is_custom(m, crds):
        return CUSTOM_RESOURCE_TIER
    return TIER_OF_KIND.get(m.kind, OTHER_BUILTIN_TIER)


def apply_order(manifests: Iterable[Manifest]) -> list[Manifest]:
    """A CRD-safe order: by tier, keeping the authors' order within a tier."""
    items = list(manifests)
    crds = crd_kinds(items)
    return sorted(items, key=lambda m: apply_tier(m, crds))  # sorted() is stable


def label_value(value: str) -> str:
    """`value` made into a valid label value (63 chars of [A-Za-z0-9-_.], alnum ends)."""
    if len(value) <= 63 and _LABEL_VALUE.match(value):
        return value
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", value)[:63]
    return re.sub(r"^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "", cleaned)


def _at(obj: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any] | None:
    node: Any = obj
    for key in path:
        if not isinstance(node, dict) or not isinstance(node.get(key), dict):
            return None
        node = node[key]
    return node if isinstance(node, dict) else None


def decorate(
    m: Manifest,
    labels: Mapping[str, str],
    default_namespace: str,
    crds: Mapping[tuple[str, str], str],
) -> Manifest:
    """A copy with labctl's ownership labels (on the object and its pod template) and
    the lab's namespace filled in where the object is namespaced and names none."""
    obj = copy.deepcopy(m.obj)
    clean = {k: label_value(v) for k, v in labels.items()}
    meta = obj["metadata"]
    meta["labels"] = {**(meta.get("labels") or {}), **clean}
    if not meta.get("namespace") and is_namespaced(m, crds):
        meta["namespace"] = default_namespace
    template_path = POD_TEMPLATE_PATHS.get(m.kind) if not is_custom(m, crds) else None
    if template_path:
        template = _at(obj, template_path)
        if template is not None:
            tmeta = template.setdefault("metadata", {}) or {}
            template["metadata"] = tmeta
            tmeta["labels"] = {**(tmeta.get("labels") or {}), **clean,
                               LABEL_WORKLOAD: label_value(m.name)}
    elif m.kind == "Pod" and m.group == "":
        meta["labels"][LABEL_WORKLOAD] = label_value(m.name)
    return Manifest(obj, m.source, m.index)


def dump_documents(manifests: Iterable[Manifest]) -> str:
    return yaml.safe_dump_all([m.obj for m in manifests], sort_keys=False)
