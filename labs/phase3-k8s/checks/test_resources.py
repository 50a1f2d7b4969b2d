"""Task `resources`: cpu and memory requests and limits on every container, within budget."""

import re

import pytest

from labctl.grading.k8s_inspect import containers_of
from labctl.k8s.wait import pod_ready

MEMORY_BUDGET = 256 * 2**20  # 256Mi
CPU_BUDGET = 1.0
_SUFFIX = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 10**3, "K": 10**3, "M": 10**6,
           "G": 10**9, "T": 10**12, "m": 10**-3, "": 1}


def quantity(text):
    """A Kubernetes quantity ('128Mi', '250m', '0.5', '1e3') as a number (bytes or cores)."""
    match = re.fullmatch(r"([0-9.]+(?:e[0-9]+)?)([A-Za-z]*)", str(text).strip())
    if not match or match.group(2) not in _SUFFIX:
        return None
    return float(match.group(1)) * _SUFFIX[match.group(2)]


def missing(container, section):
    values = (container.get("resources") or {}).get(section) or {}
    return [r for r in ("cpu", "memory") if r not in values]


def app_deployment(k8s, params):
    return k8s.require("Deployment", params["app_name"], params["namespace"])


@pytest.mark.points(1)
def test_requests_for_cpu_and_memory(k8s, params):
    for c in containers_of(app_deployment(k8s, params)):
        lacking = missing(c, "requests")
        assert not lacking, f"container {c['name']} has no {' and no '.join(lacking)} request"


@pytest.mark.points(1)
def test_limits_for_cpu_and_memory(k8s, params):
    for c in containers_of(app_deployment(k8s, params)):
        lacking = missing(c, "limits")
        assert not lacking, f"container {c['name']} has no {' and no '.join(lacking)} limit"


@pytest.mark.points(1)
def test_limits_fit_the_budget(k8s, params):
    containers = containers_of(app_deployment(k8s, params))
    for c in containers:
        limits = (c.get("resources") or {}).get("limits") or {}
        assert "memory" in limits and "cpu" in limits, f"container {c['name']} needs cpu and memory limits first"
        memory, cpu = quantity(limits["memory"]), quantity(limits["cpu"])
        assert memory is not None and memory <= MEMORY_BUDGET, (
            f"the memory limit of container {c['name']} is {limits['memory']}; the budget is at most 256Mi")
        assert cpu is not None and cpu <= CPU_BUDGET, (
            f"the cpu limit of container {c['name']} is {limits['cpu']}; the budget is at most 1 core")


@pytest.mark.points(1)
def test_running_pods_have_requests_and_limits(k8s, params):
    app, ns = params["app_name"], params["namespace"]
    deployment = k8s.assert_deployment_ready(app, 3, ns)
    pods = [p for p in k8s.pods_of(deployment) if pod_ready(p)]
    for pod in pods:
        for c in containers_of(pod):
            lacking = missing(c, "limits") + missing(c, "requests")
            assert not lacking, (
                f"pod {pod['metadata']['name']} still runs without resources ({', '.join(lacking)} missing): "
                "wait for the rollout to finish")
