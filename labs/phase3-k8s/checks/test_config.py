"""Task `config`: greeting from a ConfigMap, API token from a Secret, both used by reference."""

import base64
import hashlib
import json

import pytest

from labctl.grading.k8s_inspect import containers_of, pod_spec_of
from labctl.k8s.wait import pod_ready

APP_PORT = 8080


def all_containers(pod_spec):
    return list(pod_spec.get("initContainers") or []) + list(pod_spec.get("containers") or [])


def uses(pod_spec, kind, name):
    """Does the pod spec use ConfigMap/Secret `name` (env, envFrom, or a mounted volume)?"""
    key_ref, from_ref = ("configMapKeyRef", "configMapRef") if kind == "configMap" else ("secretKeyRef", "secretRef")
    for c in all_containers(pod_spec):
        for e in c.get("env") or []:
            if ((e.get("valueFrom") or {}).get(key_ref) or {}).get("name") == name:
                return True
        for ef in c.get("envFrom") or []:
            if (ef.get(from_ref) or {}).get("name") == name:
                return True
    mounted = {m.get("name") for c in all_containers(pod_spec) for m in c.get("volumeMounts") or []}
    for v in pod_spec.get("volumes") or []:
        if v.get("name") not in mounted:
            continue
        if kind == "configMap" and (v.get("configMap") or {}).get("name") == name:
            return True
        if kind == "secret" and (v.get("secret") or {}).get("secretName") == name:
            return True
        for source in (v.get("projected") or {}).get("sources") or []:
            if (source.get(kind) or {}).get("name") == name:
                return True
    return False


def literal_token(pod_spec, token):
    """Where the token is written into the spec in clear text (env value, command, args)."""
    for c in all_containers(pod_spec):
        for e in c.get("env") or []:
            if token in str(e.get("value", "")):
                return f"container {c['name']}, variable {e.get('name')}"
        for field in ("command", "args"):
            if any(token in str(part) for part in c.get(field) or []):
                return f"container {c['name']}, {field}"
    return None


@pytest.mark.points(1)
def test_configmap_holds_the_greeting(k8s, params):
    name = f"{params['app_name']}-config"
    cm = k8s.require("ConfigMap", name, params["namespace"])
    data = cm.get("data") or {}
    assert "GREETING" in data, f"ConfigMap {name} should have the key GREETING; its keys: {', '.join(data) or 'none'}"
    assert data["GREETING"].strip() == params["greeting"], (
        f"the GREETING in ConfigMap {name} should be '{params['greeting']}'; it is '{data['GREETING'].strip()}'")


@pytest.mark.points(1)
def test_secret_holds_the_token(k8s, params):
    name = f"{params['app_name']}-secret"
    secret = k8s.require("Secret", name, params["namespace"])
    data = secret.get("data") or {}
    assert "API_TOKEN" in data, f"Secret {name} should have the key API_TOKEN; its keys: {', '.join(data) or 'none'}"
    value = base64.b64decode(data["API_TOKEN"]).decode("utf-8", "replace").strip()
    assert value == params["api_token"], f"the API_TOKEN in Secret {name} is not the token from the task"


@pytest.mark.points(2)
def test_pods_use_the_configmap_and_the_secret_by_reference(k8s, params):
    app, ns = params["app_name"], params["namespace"]
    spec = pod_spec_of(k8s.require("Deployment", app, ns))
    where = literal_token(spec, params["api_token"])
    assert where is None, (
        f"the API token is written into Deployment {app} in clear text ({where}): "
        "reference the Secret instead (secretKeyRef, envFrom with secretRef, or a secret volume)")
    assert uses(spec, "configMap", f"{app}-config"), (
        f"the pods of Deployment {app} do not use ConfigMap {app}-config (no configMapKeyRef, "
        "configMapRef or mounted configMap volume names it)")
    assert uses(spec, "secret", f"{app}-secret"), (
        f"the pods of Deployment {app} do not use Secret {app}-secret (no secretKeyRef, "
        "secretRef or mounted secret volume names it)")


@pytest.mark.points(2)
def test_app_serves_the_greeting_and_sees_the_token(k8s, params):
    app, ns = params["app_name"], params["namespace"]
    deployment = k8s.require("Deployment", app, ns)
    pods = [p for p in k8s.pods_of(deployment) if pod_ready(p) and (p.get("status") or {}).get("podIP")]
    assert pods, f"Deployment {app} has no ready pod to ask"
    want_sha = hashlib.sha256(params["api_token"].encode()).hexdigest()
    for pod in pods:
        pod_name, ip = pod["metadata"]["name"], pod["status"]["podIP"]
        if not any(str(c.get("image", "")).startswith("labctl/phase3-k8s-app:") for c in containers_of(pod)):
            continue
        got = k8s.fetch(f"http://{ip}:{APP_PORT}/", via="toolbox")
        assert got.status == 200, f"pod {pod_name} answered HTTP {got.status} on / (expected 200)"
        body = json.loads(got.body)
        served = body.get("greeting")
        assert served == params["greeting"], (
            f"pod {pod_name} serves " + (f"the greeting '{served}'" if served else "no greeting")
            + f", expected '{params['greeting']}' "
            "(environment variables are read at start: did the pods restart after the change?)")
        assert body.get("token_sha256") is not None, f"pod {pod_name} sees no API_TOKEN"
        assert body["token_sha256"] == want_sha, f"pod {pod_name} sees an API_TOKEN that is not the task's token"
