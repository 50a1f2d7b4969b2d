"""The kind backend for real: up (cluster, images, CRD-safe apply, wait), grade, solve, down.

These need kind and its node image. They skip where kind is not installed (the
machines labctl is built on cannot run a cluster), run wherever it is, and
LABCTL_TEST_KIND=1 forces them, so a machine that should run them fails
instead of silently skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from labctl import runner
from labctl.core import lifecycle
from labctl.errors import LabctlError
from labctl.testing import LabEnv

KIND_MISSING = "kind is not installed on this machine (and no node image can be pulled)"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "labs"
USER_KUBECONFIG = Path(os.environ.get("KUBECONFIG", str(Path.home() / ".kube" / "config"))).expanduser()

pytestmark = [
    pytest.mark.kind,
    pytest.mark.docker,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("kind") is None and os.environ.get("LABCTL_TEST_KIND") != "1",
                       reason=KIND_MISSING),
]


def kind_clusters() -> list[str]:
    return runner.run(["kind", "get", "clusters"], timeout=60).stdout.split()


def kubectl(env: LabEnv, *args: str) -> runner.Result:
    return runner.run(["kubectl", "--kubeconfig", str(env.workdir / "kubeconfig"), *args], timeout=120,
                      check=False)


def _snapshot(path: Path) -> tuple[bool, bytes]:
    return (path.exists(), path.read_bytes() if path.is_file() else b"")


@pytest.fixture(scope="module")
def user_kubeconfig_before() -> tuple[bool, bytes]:
    return _snapshot(USER_KUBECONFIG)


@pytest.fixture(scope="module")
def env(user_kubeconfig_before: tuple[bool, bytes]) -> Iterator[LabEnv]:
    with LabEnv("kind-basic", labs_path=FIXTURES, timeout=600) as lab_env:
        yield lab_env


def test_up_made_a_cluster_with_its_own_kubeconfig(env: LabEnv, user_kubeconfig_before: tuple[bool, bytes]) -> None:
    project = f"labctl-kind-basic-{env.env}"
    assert project in kind_clusters()
    assert (env.workdir / "kubeconfig").is_file()
    assert f"kind-{project}" in kubectl(env, "config", "get-contexts", "-o", "name").stdout
    assert _snapshot(USER_KUBECONFIG) == user_kubeconfig_before, "the user's kubeconfig must not change"
    _, rows = lifecycle.status(env.store, env.lab, env.env)
    assert rows and all(r.healthy for r in rows), rows
    assert {r.kind for r in rows} >= {"kind cluster", "node", "deployment", "job"}


def test_crd_first_then_its_custom_resource(env: LabEnv) -> None:
    out = kubectl(env, "-n", "kb", "get", "widget", "w1", "-o", "jsonpath={.spec.size}")
    assert out.ok and out.stdout == "1", out.stderr


def test_workloads_are_ready_and_labelled(env: LabEnv) -> None:
    out = kubectl(env, "-n", "kb", "get", "pods", "-l", f"io.labctl.env={env.env},io.labctl.workload=web",
                  "-o", "jsonpath={.items[*].status.phase}")
    assert out.stdout.split() == ["Running"], out
    job = kubectl(env, "-n", "kb", "get", "job", "seed", "-o", "jsonpath={.status.succeeded}")
    assert job.stdout == "1"


def test_the_published_port_reaches_the_node_port(env: LabEnv) -> None:
    resp = requests.get(env.url("web"), timeout=10)
    assert resp.status_code == 200 and env.params["message"] in resp.text


def test_fresh_env_fails_then_the_solution_scores_full(env: LabEnv) -> None:
    before = env.grade()
    assert before.score == 0, [(t.id, t.feedback) for t in before.tasks]
    env.solve()
    after = env.grade()
    assert after.score == after.max_score, [(t.id, t.feedback) for t in after.tasks]


def test_up_again_is_a_no_op(env: LabEnv) -> None:
    result = lifecycle.up(env.store, env.lab, env.env)
    assert result.already_up


def test_down_removes_the_cluster_and_is_safe_to_repeat(env: LabEnv,
                                                        user_kubeconfig_before: tuple[bool, bytes]) -> None:
    project = f"labctl-kind-basic-{env.env}"
    env.down()
    assert project not in kind_clusters()
    assert not env.workdir.exists()
    env.down()
    assert _snapshot(USER_KUBECONFIG) == user_kubeconfig_before


def test_a_workload_that_never_gets_ready_fails_up_with_its_pods_events() -> None:
    lab_env = LabEnv("kind-broken", labs_path=FIXTURES, timeout=600)
    try:
        with pytest.raises(LabctlError) as err:
            lab_env.up()
        exc: Any = err.value
        assert exc.message.startswith("Deployment kbroken/broken not ready after 45s"), exc.message
        assert "ErrImageNeverPull" in (exc.details or ""), exc.details
    finally:
        lab_env.down()
    assert f"labctl-kind-broken-{lab_env.env}" not in kind_clusters()
