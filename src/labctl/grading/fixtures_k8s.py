"""The `k8s` fixture for checks of kind labs (loaded by the grading worker if importable).

    def test_three_ready_replicas(k8s, params):
        k8s.assert_deployment_ready(params["app_name"], 3, params["namespace"])

`k8s` is a `labctl.grading.k8s_inspect.K8s` bound to the env's own kubeconfig
(`<env workdir>/kubeconfig`, context `kind-<project>`), never the user's:
typed clients (`.core`, `.apps`, `.batch`), `.dynamic`, `.get(kind, name)`,
`.require(...)`, `.pods_of(obj)`, `.rollout_history(name)`,
`.assert_deployment_ready(name, n)`, `.assert_revision_with_image(name, image)`,
`.service_answers(name, port, via=workload)` (from inside a pod, or through
`kubectl port-forward` without `via`), `.host(workload)` (testinfra over
`kubectl://`), `.kubectl(*args)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from labctl.grading.context import GradingContext, current
from labctl.grading.k8s_inspect import K8s
from labctl.grading.messages import CheckProblem

KUBECONFIG_FILE = "kubeconfig"


def k8s_for(ctx: GradingContext) -> K8s:
    """The K8s helper for a grading context (its env's kubeconfig, context and namespace)."""
    kind = ctx.data.get("kind") or {}
    if not kind and "KUBECONFIG" not in ctx.env_vars:
        raise CheckProblem(f"lab {ctx.lab} has no Kubernetes cluster (no kind environment)")
    kubeconfig = Path(kind.get("kubeconfig") or ctx.env_vars.get("KUBECONFIG")
                      or Path(ctx.workdir) / KUBECONFIG_FILE)
    if not kubeconfig.is_file():
        raise CheckProblem(
            f"the env's cluster has no kubeconfig at {kubeconfig}: is the env up? "
            f"Run `labctl up {ctx.lab}`"
        )
    kube_targets = {k: v for k, v in ctx.targets.items() if v.startswith("kubectl://")}
    return K8s(
        kubeconfig=kubeconfig,
        context=str(kind.get("context") or f"kind-{ctx.project}"),
        namespace=str(kind.get("namespace") or "default"),
        targets=kube_targets,
    )


@pytest.fixture(scope="session")
def k8s() -> Iterator[K8s]:
    """Kubernetes clients and check helpers bound to this env's cluster."""
    helper = k8s_for(current())
    try:
        yield helper
    finally:
        helper.close()
