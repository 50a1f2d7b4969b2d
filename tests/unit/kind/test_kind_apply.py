"""Apply ordering (pure) and server-side apply through the dynamic client (fake API server)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from fakekube import api_client, serve

from labctl.k8s.api import Applier, KubeError, label_selector
from labctl.k8s.manifests import Manifest, apply_order, decorate, label_value, parse_documents


def obj(kind: str, name: str, api_version: str = "v1", **extra: Any) -> Manifest:
    return Manifest({"apiVersion": api_version, "kind": kind, "metadata": {"name": name}, **extra}, "test.yaml")


CRD = Manifest({
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.labctl.test"},
    "spec": {"group": "labctl.test", "scope": "Namespaced",
             "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
             "versions": [{"name": "v1", "served": True, "storage": True,
                           "schema": {"openAPIV3Schema": {"type": "object"}}}]},
}, "crd.yaml")

EVERY_TIER = [
    obj("Namespace", "ns"),
    CRD,
    obj("ConfigMap", "cfg"), obj("Secret", "sec"), obj("ServiceAccount", "sa"),
    obj("Role", "r", "rbac.authorization.k8s.io/v1"), obj("RoleBinding", "rb", "rbac.authorization.k8s.io/v1"),
    obj("Service", "svc"),
    obj("Deployment", "web", "apps/v1"), obj("StatefulSet", "db", "apps/v1"), obj("Job", "seed", "batch/v1"),
    obj("Ingress", "ing", "networking.k8s.io/v1"),
    obj("Widget", "w1", "labctl.test/v1"),
]


def kinds(manifests: list[Manifest]) -> list[str]:
    return [m.kind for m in manifests]


@pytest.mark.parametrize("seed", range(5))
def test_any_input_order_comes_out_crd_safe(seed: int) -> None:
    shuffled = list(EVERY_TIER)
    random.Random(seed).shuffle(shuffled)
    ordered = kinds(apply_order(shuffled))
    assert ordered[:2] == ["Namespace", "CustomResourceDefinition"]
    position = {k: i for i, k in enumerate(ordered)}
    for first, then in [("ConfigMap", "Role"), ("Secret", "RoleBinding"), ("ServiceAccount", "Service"),
                        ("Role", "Service"), ("Service", "Deployment"), ("Service", "StatefulSet"),
                        ("Service", "Job"), ("Deployment", "Ingress"), ("Ingress", "Widget")]:
        assert position[first] < position[then], f"{first} must come before {then}: {ordered}"
    assert ordered[-1] == "Widget"


def test_order_within_a_tier_is_the_authors() -> None:
    manifests = [obj("Secret", "b"), obj("ConfigMap", "a"), obj("Deployment", "d2", "apps/v1"),
                 obj("Secret", "c"), obj("Deployment", "d1", "apps/v1")]
    assert [m.name for m in apply_order(manifests)] == ["b", "a", "c", "d2", "d1"]


def test_a_custom_kind_in_a_builtin_looking_group_defined_by_a_crd_goes_last() -> None:
    crd = Manifest({**CRD.obj, "spec": {**CRD.obj["spec"], "group": "apps", "names": {
        "plural": "gadgets", "kind": "Gadget"}}}, "crd.yaml")
    ordered = apply_order([obj("Gadget", "g", "apps/v1"), obj("Deployment", "d", "apps/v1"), crd])
    assert kinds(ordered) == ["CustomResourceDefinition", "Deployment", "Gadget"]


def test_parse_documents_flattens_lists_and_skips_empty_documents() -> None:
    text = ("---\n# nothing\n---\napiVersion: v1\nkind: List\nitems:\n"
            "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n"
            "  - {apiVersion: v1, kind: Secret, metadata: {name: b}}\n---\n"
            "apiVersion: v1\nkind: Service\nmetadata: {name: c}\n")
    found = parse_documents(text, "x.yaml")
    assert [(m.kind, m.name, m.index) for m in found] == [("ConfigMap", "a", 2), ("Secret", "b", 2),
                                                          ("Service", "c", 3)]


def test_decorate_leaves_cluster_scoped_objects_without_namespace_and_keeps_explicit_ones() -> None:
    labels = {"io.labctl.lab": "l", "io.labctl.env": "student@example.com"}
    role = decorate(obj("ClusterRole", "cr", "rbac.authorization.k8s.io/v1"), labels, "lab", {})
    assert "namespace" not in role.obj["metadata"]
    assert role.obj["metadata"]["labels"]["io.labctl.env"] == "student-example.com"
    cm = Manifest({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "other"}}, "x")
    assert decorate(cm, labels, "lab", {}).namespace == "other"
    assert cm.namespace == "other" and "labels" not in cm.obj["metadata"], "decorate must not mutate its input"


@pytest.mark.parametrize(("raw", "clean"), [("alice", "alice"), ("a b/c", "a-b-c"), ("-x-", "x"),
                                            ("x" * 70, "x" * 63), ("Étienne", "tienne")])
def test_label_values_are_made_valid(raw: str, clean: str) -> None:
    assert label_value(raw) == clean


def test_label_selector_strings() -> None:
    assert label_selector({"matchLabels": {"b": "2", "a": "1"}, "matchExpressions": [
        {"key": "tier", "operator": "In", "values": ["web", "api"]},
        {"key": "canary", "operator": "DoesNotExist"}]}) == "a=1,b=2,tier in (web,api),!canary"
    assert label_selector(None) == ""


# -- against the fake API server -------------------------------------------------


def test_server_side_apply_in_crd_safe_order_with_namespace_defaulting(tmp_path: Any) -> None:
    manifests = [
        Manifest({"apiVersion": "labctl.test/v1", "kind": "Widget", "metadata": {"name": "w1"},
                  "spec": {"size": 1}}, "crd.yaml", 1),
        CRD,
        Manifest({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                  "spec": {"replicas": 1}}, "app.yaml", 1),
        Manifest({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "other"}},
                 "app.yaml", 2),
        Manifest({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "lab"}}, "app.yaml", 3),
    ]
    sleeps: list[float] = []
    with serve() as fake:
        applier = Applier(api_client(fake.url), cache_file=tmp_path / "cache.json", sleep=sleeps.append)
        applier.apply(manifests, "lab")
        patches = fake.applied()
    assert [r.path for r in patches] == [
        "/api/v1/namespaces/lab",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.labctl.test",
        "/api/v1/namespaces/other/configmaps/cfg",
        "/apis/apps/v1/namespaces/lab/deployments/web",
        "/apis/labctl.test/v1/namespaces/lab/widgets/w1",
    ]
    for r in patches:
        assert r.content_type.startswith("application/apply-patch+yaml")
        assert r.query["fieldManager"] == ["labctl"] and r.query["force"] == ["true"]
    assert patches[3].body["metadata"]["namespace"] == "lab"
    assert sleeps, "the CRD was not established at once, so the applier must have waited"


def test_a_kind_the_cluster_does_not_serve_is_a_clear_error(tmp_path: Any) -> None:
    bogus = Manifest({"apiVersion": "example.com/v1", "kind": "Gizmo", "metadata": {"name": "g"}}, "g.yaml", 2)
    with serve() as fake, pytest.raises(KubeError) as err:
        Applier(api_client(fake.url), cache_file=tmp_path / "cache.json").apply([bogus], "lab")
    assert "Gizmo" in err.value.message and "g.yaml (document 2)" in err.value.message


def test_a_crd_that_never_establishes_times_out(tmp_path: Any) -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    with serve() as fake:
        fake.crd_establish_after = 10**6
        applier = Applier(api_client(fake.url), cache_file=tmp_path / "cache.json", sleep=sleep,
                          clock=lambda: now[0])
        with pytest.raises(KubeError, match=r"widgets\.labctl\.test is not established after 5s"):
            applier.apply([CRD, obj("ConfigMap", "c")], "lab", crd_timeout=5)
