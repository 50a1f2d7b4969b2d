"""Readiness of Deployments, StatefulSets and Jobs, and the wait loop, against a fake API server.

No real API server can run on these machines (no kind node image); the fake
serves the same JSON a real one does, scripted over time, through the real
kubernetes client.
"""

from __future__ import annotations

from typing import Any

import pytest
from fakekube import api_client, deployment, event, pod, serve

from labctl.errors import LabctlError
from labctl.k8s.api import Kube
from labctl.k8s.wait import (
    Workload,
    deployment_readiness,
    job_readiness,
    pod_problem,
    statefulset_readiness,
    wait_ready,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps = 0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.sleeps += 1


def statefulset(ready: int, replicas: int = 2, *, updated: int | None = None, current: str = "r1",
                update: str = "r1", partition: int = 0) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "db", "namespace": "lab", "generation": 1},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "db"}},
                 "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": partition}}},
        "status": {"observedGeneration": 1, "readyReplicas": ready,
                   "updatedReplicas": ready if updated is None else updated,
                   "currentRevision": current, "updateRevision": update},
    }


def job(*conditions: dict[str, str], succeeded: int = 0) -> dict[str, Any]:
    return {
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "seed", "namespace": "lab", "generation": 1},
        "spec": {"completions": 1, "selector": {"matchLabels": {"job-name": "seed"}}},
        "status": {"succeeded": succeeded, "conditions": list(conditions)},
    }


# -- readiness rules (pure) --------------------------------------------------------


@pytest.mark.parametrize(("obj", "ready", "summary"), [
    (deployment("w", "lab", ready=3), True, "3/3 available"),
    (deployment("w", "lab", ready=1), False, "1 of 3 replicas updated"),
    (deployment("w", "lab", ready=2, updated=3), False, "2 of 3 replicas available"),
    (deployment("w", "lab", ready=3, total=4), False, "1 old replicas pending termination"),
    (deployment("w", "lab", ready=3, generation=2, observed=1), False, "has not seen the latest spec"),
    (deployment("w", "lab", replicas=0, ready=0), True, "0/0 available"),
])
def test_deployment_readiness(obj: dict[str, Any], ready: bool, summary: str) -> None:
    state = deployment_readiness(obj)
    assert state.ready is ready and summary in state.summary and not state.failed


def test_a_deployment_past_its_progress_deadline_has_failed() -> None:
    obj = deployment("w", "lab", ready=1, conditions=[
        {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
         "message": 'ReplicaSet "w-1" has timed out progressing.'}])
    state = deployment_readiness(obj)
    assert state.failed and "progress deadline" in state.summary


@pytest.mark.parametrize(("obj", "ready", "summary"), [
    (statefulset(2), True, "2/2 ready"),
    (statefulset(1), False, "1 of 2 replicas ready"),
    (statefulset(2, updated=1), False, "1 of 2 replicas updated"),
    (statefulset(2, update="r2"), False, "rolling update in progress"),
    (statefulset(2, updated=1, partition=1, update="r2"), True, "2/2 ready"),
])
def test_statefulset_readiness(obj: dict[str, Any], ready: bool, summary: str) -> None:
    state = statefulset_readiness(obj)
    assert state.ready is ready and summary in state.summary


def test_job_readiness() -> None:
    assert job_readiness(job()).summary == "0 of 1 completions"
    assert job_readiness(job({"type": "Complete", "status": "True"}, succeeded=1)).ready
    failed = job_readiness(job({"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
                                "message": "Job has reached the specified backoff limit"}))
    assert failed.failed and "BackoffLimitExceeded" in failed.summary


def test_pod_problem_names_the_waiting_reason() -> None:
    p = pod("w-1", "lab", {"app": "w"}, ready=False, waiting=("ImagePullBackOff", 'Back-off pulling "x:v9"'))
    assert pod_problem(p) == 'Pending; container app waiting: ImagePullBackOff Back-off pulling "x:v9"'


# -- the wait loop against the fake API server -------------------------------------


def test_waits_until_every_workload_is_ready() -> None:
    clock, progress = FakeClock(), []
    with serve() as fake:
        fake.script(deployment("web", "lab", ready=0), deployment("web", "lab", ready=1),
                    deployment("web", "lab", ready=3))
        fake.script(statefulset(0), statefulset(2))
        fake.script(job(), job(), job({"type": "Complete", "status": "True"}, succeeded=1))
        wait_ready(Kube(api_client(fake.url)),
                   [Workload("Deployment", "lab", "web"), Workload("StatefulSet", "lab", "db"),
                    Workload("Job", "lab", "seed")],
                   timeout=60, clock=clock, sleep=clock.sleep, progress=progress.append)
    assert clock.sleeps == 2
    assert progress[0] == "waiting for Deployment lab/web (0 of 3 replicas updated) and 2 more"


def test_timeout_shows_the_failing_pods_and_their_events() -> None:
    clock = FakeClock()
    labels = {"app": "web"}
    with serve() as fake:
        fake.put(deployment("web", "lab", ready=1, updated=1),
                 pod("web-aaa", "lab", labels, ready=True),
                 pod("web-bbb", "lab", labels, ready=False,
                     waiting=("ImagePullBackOff", 'Back-off pulling image "shop:v9"')),
                 pod("other", "lab", {"app": "other"}, ready=False),
                 event("e1", "lab", "Pod", "web-bbb", "Failed", 'Failed to pull image "shop:v9"',
                       "2024-01-01T00:00:02Z"),
                 event("e2", "lab", "ReplicaSet", "web-5d9f", "SuccessfulCreate", "Created pod: web-bbb",
                       "2024-01-01T00:00:01Z", "Normal"),
                 event("e3", "lab", "Pod", "other", "Failed", "not about web"))
        with pytest.raises(LabctlError) as err:
            wait_ready(Kube(api_client(fake.url)), [Workload("Deployment", "lab", "web")], timeout=10,
                       clock=clock, sleep=clock.sleep, hint="look with kubectl")
    exc = err.value
    assert exc.message == "Deployment lab/web not ready after 10s: 1 of 3 replicas updated."
    assert exc.hint == "look with kubectl"
    details = exc.details or ""
    assert "pod web-bbb: Pending; container app waiting: ImagePullBackOff" in details
    assert "web-aaa" not in details.split("events:")[0], "ready pods are not failing pods"
    assert "other" not in details
    assert details.index("SuccessfulCreate") < details.index('Failed to pull image "shop:v9"')
    assert clock.now >= 10


def test_a_failed_job_fails_fast_without_waiting_for_the_timeout() -> None:
    clock = FakeClock()
    with serve() as fake:
        fake.put(job({"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded"}),
                 pod("seed-x", "lab", {"job-name": "seed"}, ready=False),
                 event("e1", "lab", "Pod", "seed-x", "BackOff", "Back-off restarting failed container"))
        with pytest.raises(LabctlError) as err:
            wait_ready(Kube(api_client(fake.url)), [Workload("Job", "lab", "seed")], timeout=300,
                       clock=clock, sleep=clock.sleep)
    assert err.value.message == "Job lab/seed failed (BackoffLimitExceeded)."
    assert "Back-off restarting failed container" in (err.value.details or "")
    assert clock.sleeps == 0


def test_a_missing_workload_times_out_saying_so() -> None:
    clock = FakeClock()
    with serve() as fake, pytest.raises(LabctlError) as err:
        wait_ready(Kube(api_client(fake.url)), [Workload("Deployment", "lab", "ghost")], timeout=3,
                   clock=clock, sleep=clock.sleep)
    assert err.value.message == "Deployment lab/ghost not ready after 3s: not found."


def test_an_unreachable_api_server_is_a_clear_error() -> None:
    with serve() as fake:
        url = fake.url
    kube = Kube(api_client(url))
    with pytest.raises(LabctlError, match="cannot be reached"):
        wait_ready(kube, [Workload("Deployment", "lab", "web")], timeout=1)
