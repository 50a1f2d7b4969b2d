"""Task `service`: a NodePort Service, port 80 -> 8080, node port 30080, answering."""

import pytest

from labctl.grading.k8s_inspect import containers_of, http_get
from labctl.k8s.wait import pod_ready

SERVICE_PORT = 80
APP_PORT = 8080
NODE_PORT = 30080


def service_port(svc):
    for port in (svc.get("spec") or {}).get("ports") or []:
        if port.get("port") == SERVICE_PORT:
            return port
    return None


def target_port(k8s, svc, port):
    """The container port number a Service port's targetPort means (named ports resolved)."""
    target = port.get("targetPort", port.get("port"))
    if isinstance(target, int) or str(target).isdigit():
        return int(target)
    for pod in k8s.pods_of(svc):
        for container in containers_of(pod):
            for p in container.get("ports") or []:
                if p.get("name") == target:
                    return int(p.get("containerPort"))
    return None


@pytest.mark.points(1)
def test_service_is_a_nodeport_on_80_to_8080(k8s, params):
    name, ns = params["app_name"], params["namespace"]
    svc = k8s.require("Service", name, ns)
    kind = svc["spec"].get("type", "ClusterIP")
    assert kind == "NodePort", f"Service {name} should be of type NodePort; it is {kind}"
    port = service_port(svc)
    listed = ", ".join(str(p.get("port")) for p in svc["spec"].get("ports") or []) or "none"
    assert port is not None, f"Service {name} should listen on port {SERVICE_PORT}; its ports: {listed}"
    target = target_port(k8s, svc, port)
    assert target == APP_PORT, (
        f"Service {name} port {SERVICE_PORT} should send traffic to the app's port {APP_PORT}; "
        f"its targetPort is {port.get('targetPort')}")
    assert port.get("nodePort") == NODE_PORT, (
        f"Service {name} should use nodePort {NODE_PORT} (the port kind maps to your machine); "
        f"it uses {port.get('nodePort')}")


@pytest.mark.points(1)
def test_service_selects_the_app_pods(k8s, params):
    name, ns = params["app_name"], params["namespace"]
    svc = k8s.require("Service", name, ns)
    selector = svc["spec"].get("selector") or {}
    assert selector, f"Service {name} has no selector, so it sends traffic to no pod"
    deployment = k8s.require("Deployment", name, ns)
    app_pods = {p["metadata"]["name"] for p in k8s.pods_of(deployment)}
    selected = k8s.pods_of(svc)
    shown = ", ".join(f"{k}={v}" for k, v in selector.items())
    template_labels = ((deployment["spec"].get("template") or {}).get("metadata") or {}).get("labels") or {}
    labels = ", ".join(f"{k}={v}" for k, v in template_labels.items()) or "none"
    assert selected, (f"the selector of Service {name} ({shown}) matches no pod; "
                      f"the Deployment's pods are labelled: {labels}")
    strangers = sorted({p["metadata"]["name"] for p in selected} - app_pods)
    assert not strangers, f"Service {name} also selects pods that are not the app's: {', '.join(strangers)}"
    assert any(pod_ready(p) for p in selected), f"Service {name} selects the app's pods, but none is ready"


@pytest.mark.points(2)
def test_service_answers_inside_the_cluster(k8s, params):
    name, ns = params["app_name"], params["namespace"]
    k8s.require("Service", name, ns)
    got = k8s.service_answers(name, SERVICE_PORT, ns, "/", via="toolbox")
    url = f"http://{name}.{ns}:{SERVICE_PORT}/"
    assert got.status != 0, f"nothing answers on {url} from inside the cluster: does the Service have endpoints?"
    assert got.status == 200, f"{url} answered HTTP {got.status} from inside the cluster, expected 200"
    assert '"app": "shop"' in got.body, f"{url} answered, but not with the shop app: {got.body[:120]}"


@pytest.mark.points(2)
def test_app_reachable_from_your_machine(k8s, http, params):
    k8s.require("Service", params["app_name"], params["namespace"])
    url = http.url("web", "/")
    got = http_get(url)
    assert got.status != 0, (
        f"nothing answers on {url}: kind maps it to node port {NODE_PORT}, so the Service must be "
        f"a NodePort with nodePort {NODE_PORT}")
    assert got.status == 200, f"{url} answered HTTP {got.status}, expected 200"
    assert '"app": "shop"' in got.body, f"{url} answered, but not with the shop app: {got.body[:120]}"
