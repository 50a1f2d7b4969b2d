"""The `k8s` fixture and its check helpers, against the fake API server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakekube import FakeKube, deployment, pod, replicaset, serve, write_kubeconfig

from labctl.grading.context import GradingContext, TaskChecks
from labctl.grading.fixtures_k8s import k8s_for
from labctl.grading.k8s_inspect import K8s
from labctl.grading.messages import CheckProblem, message_for


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[FakeKube, K8s]]:
    with serve() as fake:
        kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", fake.url, "kind-labctl-x-default")
        yield fake, K8s(kubeconfig=kubeconfig, context="kind-labctl-x-default", namespace="team")


def grading_context(workdir: Path, **data: object) -> GradingContext:
    return GradingContext(
        lab="x", lab_path="/labs/x", env="default", project="labctl-x-default", workdir=str(workdir),
        workspace=str(workdir / "workspace"), tasks=[TaskChecks("t", ["checks/test_t.py"])],
        targets={"toolbox": "kubectl://toolbox-1?namespace=lab", "web": "docker://c1"},
        env_vars={"KUBECONFIG": str(workdir / "kubeconfig")}, data=dict(data),
    )


def test_the_fixture_binds_to_the_envs_own_kubeconfig(tmp_path: Path) -> None:
    write_kubeconfig(tmp_path / "kubeconfig", "http://127.0.0.1:1", "kind-labctl-x-default")
    helper = k8s_for(grading_context(tmp_path, kind={
        "kubeconfig": str(tmp_path / "kubeconfig"), "context": "kind-labctl-x-default", "namespace": "lab"}))
    assert helper.kubeconfig == tmp_path / "kubeconfig"
    assert helper.context == "kind-labctl-x-default" and helper.namespace == "lab"
    assert helper.targets == {"toolbox": "kubectl://toolbox-1?namespace=lab"}
    assert helper.kube.api_client.configuration.host == "http://127.0.0.1:1"


def test_the_fixture_explains_a_missing_cluster(tmp_path: Path) -> None:
    with pytest.raises(CheckProblem, match=r"no kubeconfig at .*is the env up"):
        k8s_for(grading_context(tmp_path, kind={"kubeconfig": str(tmp_path / "kubeconfig")}))
    ctx = grading_context(tmp_path)
    ctx.env_vars = {}
    with pytest.raises(CheckProblem, match="has no Kubernetes cluster"):
        k8s_for(ctx)


def test_require_names_what_exists_instead(cluster: tuple[FakeKube, K8s]) -> None:
    fake, k8s = cluster
    fake.put(deployment("shop", "team"), deployment("other", "team"))
    assert k8s.require("Deployment", "shop")["metadata"]["name"] == "shop"
    with pytest.raises(AssertionError) as err:
        k8s.require("Deployment", "web")
    assert str(err.value) == "expected a Deployment named 'web' in namespace 'team'; Deployments there: other, shop"
    with pytest.raises(AssertionError, match="there is no Service there"):
        k8s.require("Service", "web")


def test_deployment_ready_passes_and_explains_failing_pods(cluster: tuple[FakeKube, K8s]) -> None:
    fake, k8s = cluster
    fake.put(deployment("ok", "team", replicas=3, ready=3, labels={"app": "ok"}))
    k8s.assert_deployment_ready("ok", 3)
    with pytest.raises(AssertionError, match=r"should run 2 replicas; its spec\.replicas is 3"):
        k8s.assert_deployment_ready("ok", 2)
    fake.put(deployment("bad", "team", replicas=3, ready=1, updated=1, labels={"app": "bad"}),
             pod("bad-1", "team", {"app": "bad"}),
             pod("bad-2", "team", {"app": "bad"}, ready=False, waiting=("CrashLoopBackOff", "back-off 10s")))
    with pytest.raises(AssertionError) as err:
        k8s.assert_deployment_ready("bad", 3)
    assert str(err.value) == (
        "Deployment bad should have 3 ready replicas; it has 1 (1 of 3 replicas updated). "
        "pod bad-2: Pending; container app waiting: CrashLoopBackOff back-off 10s")
    assert k8s.ready_replicas("bad") == 1


def test_rollout_history(cluster: tuple[FakeKube, K8s]) -> None:
    fake, k8s = cluster
    fake.put(deployment("shop", "team", uid="u-shop"),
             replicaset("shop-aaa", "team", "u-shop", 3, "shop:v1", 3, history="1"),
             replicaset("shop-bbb", "team", "u-shop", 2, "shop:v2", 0),
             replicaset("stranger-ccc", "team", "u-other", 7, "shop:v3", 1))
    history = k8s.rollout_history("shop")
    assert [(r.number, r.images, r.replicas, r.earlier) for r in history] == [
        (2, ("shop:v2",), 0, ()), (3, ("shop:v1",), 3, (1,))]
    assert k8s.has_revision_with_image("shop", "shop:v2")
    assert not k8s.has_revision_with_image("shop", "shop:v3"), "another Deployment's ReplicaSet does not count"
    assert k8s.assert_revision_with_image("shop", "shop:v1").number == 3
    with pytest.raises(AssertionError) as err:
        k8s.assert_revision_with_image("shop", "shop:v9")
    assert str(err.value) == ("the rollout history of Deployment shop has no revision running shop:v9; "
                              "revisions: 2: shop:v2, 3: shop:v1")


def test_pods_of_a_service_and_a_deployment(cluster: tuple[FakeKube, K8s]) -> None:
    fake, k8s = cluster
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "shop", "namespace": "team"},
           "spec": {"selector": {"app": "shop"}, "ports": [{"port": 80}]}}
    fake.put(svc, pod("shop-1", "team", {"app": "shop", "x": "1"}), pod("db-1", "team", {"app": "db"}))
    assert [p["metadata"]["name"] for p in k8s.pods_of(svc)] == ["shop-1"]
    no_selector = {**svc, "spec": {"ports": [{"port": 80}]}}
    assert k8s.pods_of(no_selector) == []


def test_an_unreachable_cluster_is_a_check_problem_not_a_traceback(tmp_path: Path) -> None:
    with serve() as fake:
        url = fake.url
    k8s = K8s(kubeconfig=write_kubeconfig(tmp_path / "kubeconfig", url), context="kind-fake")
    with pytest.raises(CheckProblem) as err:
        k8s.get("Deployment", "shop", "team")
    assert message_for(err.value).startswith("cannot read the cluster: the Kubernetes API server cannot be reached")


def test_host_of_an_unknown_workload_says_what_is_ready(tmp_path: Path) -> None:
    k8s = K8s(kubeconfig=tmp_path / "kubeconfig", targets={"toolbox": "kubectl://t-1?namespace=lab"})
    with pytest.raises(CheckProblem, match=r"no ready pod of 'web' in this env \(ready: toolbox\)"):
        k8s.host("web")
    host = k8s.host("toolbox")
    assert host.backend.NAME == "kubectl" and host.backend.namespace == "lab"
