"""labctl-run readiness probes: parsing compose healthchecks, offloading them, probe semantics."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from labctl.backends.healthprobe import (
    LABEL_HEALTHCHECK,
    Probe,
    ProbeState,
    container_healthy,
    duration,
    offload,
)


def test_durations() -> None:
    assert [duration(x) for x in ("1s", "1m30s", "500ms", "2h", 10, "10", "1 s")] == [
        1, 90, 0.5, 7200, 10, None, None]


@pytest.mark.parametrize(("test", "argv"), [
    (["CMD", "test", "-f", "/run/ready"], ["test", "-f", "/run/ready"]),
    (["CMD-SHELL", "curl -fs localhost || exit 1"], ["/bin/sh", "-c", "curl -fs localhost || exit 1"]),
    ("pg_isready -U app", ["/bin/sh", "-c", "pg_isready -U app"]),
])
def test_probe_from_each_test_form(test: Any, argv: list[str]) -> None:
    probe = Probe.from_compose({"test": test, "interval": "2s", "timeout": "5s", "retries": 60,
                                "start_period": "1m"})
    assert probe == Probe(argv, interval=2, timeout=5, retries=60, start_period=60)
    assert Probe.from_label(probe.to_label()) == probe


@pytest.mark.parametrize("check", [None, {}, {"disable": True, "test": ["CMD", "true"]}, {"test": ["NONE"]},
                                   {"test": ["CMD"]}, "not a mapping"])
def test_no_probe_without_an_active_test(check: Any) -> None:
    assert Probe.from_compose(check) is None


def test_docker_defaults_and_bad_labels() -> None:
    assert Probe.from_compose({"test": ["CMD", "true"]}) == Probe(["true"], 30, 30, 3, 0)
    assert Probe.from_label(None) is None and Probe.from_label("{not json") is None
    assert Probe.from_label('{"argv": ["true"]}') is None


def test_offload_disables_docker_probing_and_keeps_the_test_in_a_label() -> None:
    svc: dict[str, Any] = {"labels": {"a": "b"}, "healthcheck": {"test": ["CMD", "true"], "interval": "1s"}}
    offload(svc, 0)
    assert svc["healthcheck"] == {"disable": True}
    assert svc["labels"]["a"] == "b"
    assert Probe.from_label(svc["labels"][LABEL_HEALTHCHECK]) == Probe(["true"], interval=1)


def test_offload_with_an_interval_slows_docker_down_only() -> None:
    fast = {"healthcheck": {"test": ["CMD", "true"], "interval": "1s", "retries": 30}}
    offload(fast, 60)
    assert fast["healthcheck"] == {"test": ["CMD", "true"], "interval": "60s", "retries": 30}
    slow = {"healthcheck": {"test": ["CMD", "true"], "interval": "5m"}}
    offload(slow, 60)
    assert slow["healthcheck"]["interval"] == "5m"
    for untouched in ({}, {"healthcheck": {"disable": True}}):
        before = repr(untouched)
        offload(untouched, 0)
        assert repr(untouched) == before


def _container(status: str, health: str | None, probed: bool) -> Any:
    class C:
        attrs = {"State": {"Status": status, **({"Health": {"Status": health}} if health else {})}}
        labels = {LABEL_HEALTHCHECK: "{}"} if probed else {}
    return C()


def test_container_healthy() -> None:
    assert container_healthy(_container("running", None, False))
    assert container_healthy(_container("running", "healthy", False))
    assert not container_healthy(_container("running", "starting", False))
    assert container_healthy(_container("running", "starting", True))  # Docker probes it rarely
    assert not container_healthy(_container("running", "unhealthy", True))
    assert not container_healthy(_container("exited", None, True))


class FakeAPI:
    """Exit codes to answer with, in order (the last one repeats); an optional hang."""

    def __init__(self, codes: list[int], hang: threading.Event | None = None):
        self.codes, self.hang, self.calls = list(codes), hang, 0

    def exec_create(self, container: str, argv: list[str], **_: Any) -> dict[str, str]:
        self.calls += 1
        return {"Id": str(self.calls)}

    def exec_start(self, exec_id: str) -> bytes:
        if self.hang is not None:
            self.hang.wait(5)
        return b"probe output\n"

    def exec_inspect(self, exec_id: str) -> dict[str, int]:
        index = min(int(exec_id) - 1, len(self.codes) - 1)
        return {"ExitCode": self.codes[index]}


def _drive(state: ProbeState, api: FakeAPI, until: float = 3.0) -> None:
    deadline = time.monotonic() + until
    while not (state.passed or state.unhealthy) and time.monotonic() < deadline:
        state.tick(api, "c1")
        time.sleep(0.01)


def test_probe_passes_after_failures() -> None:
    api = FakeAPI([1, 1, 0])
    state = ProbeState(Probe(["true"], interval=0.01, retries=5))
    _drive(state, api)
    assert state.passed and api.calls == 3 and not state.unhealthy


def test_probe_turns_unhealthy_after_its_retries() -> None:
    api = FakeAPI([1])
    state = ProbeState(Probe(["false"], interval=0.01, retries=2))
    _drive(state, api)
    assert state.unhealthy and state.failures == 2 and state.last_output == "probe output"


def test_failures_in_the_start_period_do_not_count() -> None:
    api = FakeAPI([1])
    state = ProbeState(Probe(["false"], interval=0.01, retries=1, start_period=60))
    _drive(state, api, until=1.2)
    assert api.calls >= 2 and state.failures == 0 and not state.unhealthy


def test_a_hung_probe_counts_as_a_timeout() -> None:
    hang = threading.Event()
    api = FakeAPI([0], hang)
    state = ProbeState(Probe(["sleep", "1d"], interval=0.01, timeout=0.05, retries=1))
    try:
        _drive(state, api)
    finally:
        hang.set()
    assert state.unhealthy and "timed out" in state.last_output
