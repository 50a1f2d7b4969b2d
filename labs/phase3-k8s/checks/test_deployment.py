"""Task `deployment`: three ready replicas of the app, with readiness and liveness probes.

Grades the Deployment as the cluster has it, however it was made.
"""

import pytest

from labctl.grading.k8s_inspect import containers_of

APP_IMAGE = "labctl/phase3-k8s-app:"
APP_PORT = 8080


def app_containers(deployment):
    return [c for c in containers_of(deployment) if str(c.get("image", "")).startswith(APP_IMAGE)]


def probe_problem(container, kind):
    """Why this container's probe of this kind is missing or cannot work; None if it is fine."""
    probe = container.get(kind)
    if not probe:
        return f"container {container['name']} has no {kind}"
    handler = probe.get("httpGet") or probe.get("tcpSocket")
    if handler is not None:
        port = handler.get("port")
        if isinstance(port, str) and not port.isdigit():
            named = {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}
            if port not in named:
                return (f"the {kind} of container {container['name']} uses the port name '{port}', "
                        "which the container does not declare under ports")
            port = named[port]
        if int(port) != APP_PORT:
            return (f"the {kind} of container {container['name']} checks port {port}, "
                    f"but the app listens on {APP_PORT}")
        return None
    if probe.get("exec"):
        return None
    if probe.get("grpc"):
        return f"the {kind} of container {container['name']} uses gRPC, but the app speaks HTTP"
    return f"the {kind} of container {container['name']} has no httpGet, tcpSocket or exec check"


def the_app_container(k8s, params):
    name, ns = params["app_name"], params["namespace"]
    deployment = k8s.require("Deployment", name, ns)
    found = app_containers(deployment)
    images = ", ".join(str(c.get("image")) for c in containers_of(deployment)) or "no containers"
    assert found, f"Deployment {name} should run the image labctl/phase3-k8s-app:v1; it runs: {images}"
    return found[0]


@pytest.mark.points(1)
def test_deployment_runs_the_app(k8s, params):
    the_app_container(k8s, params)


@pytest.mark.points(2)
def test_three_ready_replicas(k8s, params):
    k8s.assert_deployment_ready(params["app_name"], 3, params["namespace"])


@pytest.mark.points(1)
def test_readiness_probe(k8s, params):
    problem = probe_problem(the_app_container(k8s, params), "readinessProbe")
    assert problem is None, f"{problem}: without it, pods get traffic before they can serve"


@pytest.mark.points(1)
def test_liveness_probe(k8s, params):
    problem = probe_problem(the_app_container(k8s, params), "livenessProbe")
    assert problem is None, f"{problem}: without it, a stuck app is never restarted"
