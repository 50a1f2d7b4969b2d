"""Wait until Deployments, StatefulSets and Jobs are ready, or explain why not.

Readiness follows what `kubectl rollout status` checks. On a timeout or a
failure that cannot heal (a Job that failed, a Deployment past its progress
deadline) the error carries the failing pods' states and their events, which
is what a person would look at next.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from labctl.errors import LabctlError
from labctl.k8s.api import Kube, label_selector

MAX_EVENTS = 12


@dataclass(frozen=True)
class Workload:
    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind} {self.namespace}/{self.name}"


@dataclass(frozen=True)
class Readiness:
    ready: bool
    summary: str
    failed: bool = False  # True when waiting longer cannot help


def _condition(obj: dict[str, Any], type_: str) -> dict[str, Any] | None:
    for cond in (obj.get("status") or {}).get("conditions") or []:
        if cond.get("type") == type_:
            return dict(cond)
    return None


def _generation_seen(obj: dict[str, Any]) -> bool:
    generation = int((obj.get("metadata") or {}).get("generation") or 0)
    observed = int((obj.get("status") or {}).get("observedGeneration") or 0)
    return observed >= generation


def deployment_readiness(obj: dict[str, Any]) -> Readiness:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    if not _generation_seen(obj):
        return Readiness(False, "the controller has not seen the latest spec yet")
    progressing = _condition(obj, "Progressing")
    if progressing and progressing.get("reason") == "ProgressDeadlineExceeded":
        return Readiness(False, f"exceeded its progress deadline: {progressing.get('message', '')}",
                         failed=True)
    replicas = int(spec.get("replicas", 1))
    updated = int(status.get("updatedReplicas") or 0)
    total = int(status.get("replicas") or 0)
    available = int(status.get("availableReplicas") or 0)
    if updated < replicas:
        return Readiness(False, f"{updated} of {replicas} replicas updated")
    if total > updated:
        return Readiness(False, f"{total - updated} old replicas pending termination")
    if available < updated:
        return Readiness(False, f"{available} of {replicas} replicas available")
    return Readiness(True, f"{available}/{replicas} available")


def statefulset_readiness(obj: dict[str, Any]) -> Readiness:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    if not _generation_seen(obj):
        return Readiness(False, "the controller has not seen the latest spec yet")
    replicas = int(spec.get("replicas", 1))
    ready = int(status.get("readyReplicas") or 0)
    if ready < replicas:
        return Readiness(False, f"{ready} of {replicas} replicas ready")
    strategy = spec.get("updateStrategy") or {}
    if strategy.get("type", "RollingUpdate") == "RollingUpdate":
        partition = int((strategy.get("rollingUpdate") or {}).get("partition") or 0)
        updated = int(status.get("updatedReplicas") or 0)
        if updated < replicas - partition:
            return Readiness(False, f"{updated} of {replicas - partition} replicas updated")
        if partition == 0 and status.get("updateRevision") != status.get("currentRevision"):
            return Readiness(False, "rolling update in progress")
    return Readiness(True, f"{ready}/{replicas} ready")


def job_readiness(obj: dict[str, Any]) -> Readiness:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    failed = _condition(obj, "Failed")
    if failed and failed.get("status") == "True":
        why = ": ".join(str(x) for x in (failed.get("reason"), failed.get("message")) if x)
        return Readiness(False, f"failed ({why or 'no reason given'})", failed=True)
    complete = _condition(obj, "Complete")
    if complete and complete.get("status") == "True":
        return Readiness(True, "complete")
    completions = int(spec.get("completions") or 1)
    return Readiness(False, f"{int(status.get('succeeded') or 0)} of {completions} completions")


READINESS: dict[str, Callable[[dict[str, Any]], Readiness]] = {
    "Deployment": deployment_readiness,
    "StatefulSet": statefulset_readiness,
    "Job": job_readiness,
}


def readiness(kind: str, obj: dict[str, Any] | None) -> Readiness:
    if obj is None:
        return Readiness(False, "not found")
    return READINESS[kind](obj)


# -- diagnostics ---------------------------------------------------------------


def pod_ready(pod: dict[str, Any]) -> bool:
    for cond in (pod.get("status") or {}).get("conditions") or []:
        if cond.get("type") == "Ready":
            return bool(cond.get("status") == "True")
    return False


def pod_problem(pod: dict[str, Any]) -> str:
    """One line on why a pod is not ready: phase, then each container's waiting/terminated state."""
    status = pod.get("status") or {}
    parts = [str(status.get("phase") or "Unknown")]
    for cond in status.get("conditions") or []:
        if cond.get("type") == "PodScheduled" and cond.get("status") == "False":
            parts.append(f"unschedulable: {cond.get('message') or cond.get('reason')}")
    for cs in (status.get("initContainerStatuses") or []) + (status.get("containerStatuses") or []):
        state = cs.get("state") or {}
        name = cs.get("name", "?")
        if "waiting" in state:
            w = state["waiting"] or {}
            parts.append(f"container {name} waiting: {w.get('reason', '')} {w.get('message', '')}".rstrip())
        elif "terminated" in state:
            t = state["terminated"] or {}
            parts.append(f"container {name} terminated: {t.get('reason', '')} (exit {t.get('exitCode')})")
        elif not cs.get("ready"):
            parts.append(f"container {name} running but not ready (readiness probe failing?)")
        if cs.get("restartCount"):
            parts.append(f"restarted {cs['restartCount']} times")
    return "; ".join(parts)


def _event_time(ev: dict[str, Any]) -> str:
    return str(ev.get("lastTimestamp") or ev.get("eventTime") or ev.get("firstTimestamp") or "")


def explain(kube: Kube, workload: Workload, obj: dict[str, Any] | None) -> str:
    """The not-ready pods of a workload and the events about them (newest last)."""
    lines: list[str] = []
    pods: list[dict[str, Any]] = []
    if obj is not None:
        selector = label_selector((obj.get("spec") or {}).get("selector"))
        if workload.kind == "Job" and not selector:
            selector = f"job-name={workload.name}"
        if selector:
            pods = kube.pods(workload.namespace, selector)
    bad = [p for p in pods if not pod_ready(p)]
    if obj is not None and not pods:
        lines.append(f"no pods of {workload} exist")
    for pod in bad:
        lines.append(f"pod {pod['metadata']['name']}: {pod_problem(pod)}")
    names = {workload.name} | {p["metadata"]["name"] for p in bad}
    prefix = f"{workload.name}-"
    events = [
        ev for ev in kube.events(workload.namespace)
        if (ev.get("involvedObject") or {}).get("name") in names
        or ((ev.get("involvedObject") or {}).get("kind") == "ReplicaSet"
            and str((ev.get("involvedObject") or {}).get("name", "")).startswith(prefix))
    ]
    events.sort(key=_event_time)
    if events:
        lines.append("events:")
    for ev in events[-MAX_EVENTS:]:
        involved = ev.get("involvedObject") or {}
        lines.append(
            f"  {ev.get('type', '')} {ev.get('reason', '')} "
            f"{str(involved.get('kind', '')).lower()}/{involved.get('name', '')}: "
            f"{' '.join(str(ev.get('message', '')).split())}"
        )
    return "\n".join(lines) or "(no pods and no events found)"


def wait_ready(
    kube: Kube,
    workloads: Iterable[Workload],
    timeout: float,
    *,
    poll: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[str], None] = lambda _: None,
    hint: str | None = None,
) -> None:
    """Block until every workload is ready; raise LabctlError with diagnostics if not."""
    pending = list(workloads)
    deadline = clock() + timeout
    last: dict[Workload, tuple[dict[str, Any] | None, Readiness]] = {}
    reported = ""
    while pending:
        still: list[Workload] = []
        for w in pending:
            obj = kube.get(w.kind, w.namespace, w.name)
            state = readiness(w.kind, obj)
            last[w] = (obj, state)
            if state.failed:
                raise _failure(kube, w, obj, state.summary, hint)
            if not state.ready:
                still.append(w)
        pending = still
        if not pending:
            return
        first = pending[0]
        line = f"waiting for {first} ({last[first][1].summary})" + (
            f" and {len(pending) - 1} more" if len(pending) > 1 else "")
        if line != reported:
            progress(line)
            reported = line
        if clock() >= deadline:
            obj, state = last[first]
            raise _failure(kube, first, obj, f"not ready after {timeout:.0f}s: {state.summary}", hint)
        sleep(poll)


def _failure(kube: Kube, w: Workload, obj: dict[str, Any] | None, why: str, hint: str | None) -> LabctlError:
    try:
        details = explain(kube, w, obj)
    except LabctlError as exc:
        details = f"(could not read pods and events: {exc.message})"
    return LabctlError(f"{w} {why}.", hint=hint, details=details)
