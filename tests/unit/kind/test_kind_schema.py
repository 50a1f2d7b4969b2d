"""Offline schema validation of manifests (kubernetes-validate, Kubernetes 1.30) and `labctl validate`."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.cli.app import run
from labctl.errors import SpecError
from labctl.k8s.manifests import parse_documents
from labctl.k8s.schema import K8S_VERSION, validate_manifests
from labctl.spec.loader import discover, load_lab_dir

REPO = Path(__file__).resolve().parents[3]
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: web:v1
          ports: [{containerPort: 8080}]
"""
CRD_AND_WIDGET = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.labctl.test}
spec:
  group: labctl.test
  scope: Namespaced
  names: {plural: widgets, kind: Widget}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
---
apiVersion: labctl.test/v1
kind: Widget
metadata: {name: w1}
spec: {size: %s}
"""


def check(text: str) -> None:
    validate_manifests(parse_documents(text, "templates/app.yaml.j2"))


def test_the_pinned_version_is_one_kubernetes_validate_ships() -> None:
    import kubernetes_validate

    assert K8S_VERSION in {v.rpartition(".")[0] for v in kubernetes_validate.utils.all_versions()}


def test_a_valid_deployment_passes() -> None:
    check(DEPLOYMENT)


@pytest.mark.parametrize(("change", "field", "words"), [
    (("replicas: 2", "replicas: two"), "spec.replicas", "'two' is not of type 'integer'"),
    (("image: web:v1", "imagee: web:v1"), "spec.template.spec.containers[0]", "imagee"),
    (("containerPort: 8080", "containerPort: '8080'"), "spec.template.spec.containers[0].ports[0].containerPort",
     "is not of type 'integer'"),
    (("selector: {matchLabels: {app: web}}", "selectr: {matchLabels: {app: web}}"), "spec",
     "'selector' is a required property"),
])
def test_an_invalid_field_names_file_object_and_field(change: tuple[str, str], field: str, words: str) -> None:
    with pytest.raises(SpecError) as err:
        check(DEPLOYMENT.replace(*change))
    text = str(err.value)
    assert text.startswith("templates/app.yaml.j2 (field '" + field + "'): document 1, Deployment web:"), text
    assert words in text and f"Kubernetes {K8S_VERSION} schema" in text


def test_an_unknown_kind_is_named() -> None:
    with pytest.raises(SpecError, match=r"Kubernetes 1\.30 has no Deploymnt in apiVersion apps/v1"):
        check(DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnt"))


def test_custom_resources_are_checked_against_their_crd() -> None:
    check(CRD_AND_WIDGET % "3")
    with pytest.raises(SpecError) as err:
        check(CRD_AND_WIDGET % "big")
    assert "document 2, Widget w1" in str(err.value) and "field 'spec.size'" in str(err.value)


def test_a_custom_resource_without_its_crd_is_refused() -> None:
    widget_only = CRD_AND_WIDGET.split("---\n")[1] % "3"
    with pytest.raises(SpecError, match="no CustomResourceDefinition among the lab's manifests"):
        check(widget_only)


def test_every_lab_on_the_search_path_validates_offline() -> None:
    """CI's guarantee: every manifest of every built-in lab passes schema validation."""
    labs = discover([REPO / "labs", REPO / "tests" / "fixtures" / "labs" / "kind-basic"])
    kind_labs = [lab_id for lab_id, path in labs.items()
                 if load_lab_dir(path, check_files=False).spec.environment.kind is not None]
    assert "phase3-k8s" in kind_labs and "kind-basic" in kind_labs
    code = run(["validate", *[str(labs[lab_id]) for lab_id in kind_labs]])
    assert code == 0


def test_labctl_validate_reports_a_bad_manifest_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lab = tmp_path / "badk8s"
    (lab / "templates").mkdir(parents=True)
    (lab / "tasks").mkdir()
    (lab / "checks").mkdir()
    (lab / "tasks" / "t.md").write_text("# t\n")
    (lab / "checks" / "test_t.py").write_text("def test_t():\n    pass\n")
    (lab / "templates" / "app.yaml.j2").write_text(DEPLOYMENT.replace("replicas: 2", "replicas: '{{ params.n }}'"))
    (lab / "lab.yaml").write_text(
        "id: badk8s\ntitle: B\nphase: 0\nparameters: [{name: n, default: two}]\n"
        "environment:\n  kind: {manifests: [app.yaml.j2]}\n"
        "tasks:\n  - {id: t, title: T, points: 1, instructions: tasks/t.md, checks: [checks/test_t.py]}\n")
    code = run(["validate", str(lab)])
    text = " ".join(capsys.readouterr().err.split())
    assert code == 2
    assert "Traceback" not in text
    assert "app.yaml.j2" in text and "field 'spec.replicas'" in text and "Deployment lab/web" in text
