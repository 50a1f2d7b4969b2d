"""Readiness probes run by labctl instead of Docker's periodic healthchecks.

Every Docker healthcheck probe is an exec in the container (a runc exec, plus
dockerd and containerd work): about 80 ms of CPU here. A 30-student class of a
3-container lab probing every 2 s keeps more than a third of a 2-core machine
busy for the whole workshop, and a 10 s floor still costs ~0.7 cores. In class
envs labctl therefore takes the lab's healthcheck test off Docker (or slows it
right down) and runs it itself while the env comes up: an env is ready at its
first passing probe, and nothing probes it afterwards.

The test travels with the container as a label (`io.labctl.healthcheck`), so
readiness waits need nothing but the container. Semantics follow Docker's:
probes every `interval`, each allowed `timeout`; failures during
`start_period` do not count; `retries` consecutive failures make it unhealthy.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from labctl.env.labels import LABEL_PREFIX

LABEL_HEALTHCHECK = f"{LABEL_PREFIX}.healthcheck"
#: how often labctl probes at most, whatever the lab's interval (a probe is an exec)
MIN_INTERVAL = 0.5
#: labctl probes at least this often while waiting, however slow the lab's interval
MAX_INTERVAL = 2.0


def duration(text: object) -> float | None:
    """A compose duration ('1s', '1m30s', '500ms') in seconds; None if unreadable."""
    import re

    if isinstance(text, int | float):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)(us|ms|h|m|s)", str(text))
    if not parts or "".join(n + u for n, u in parts) != str(text).strip():
        return None
    scale = {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
    return sum(float(n) * scale[u] for n, u in parts)


@dataclass(frozen=True)
class Probe:
    """A compose healthcheck, as labctl runs it."""

    argv: list[str]
    interval: float = 30.0
    timeout: float = 30.0
    retries: int = 3
    start_period: float = 0.0

    @classmethod
    def from_compose(cls, check: object) -> Probe | None:
        """The probe of a service's `healthcheck:` mapping; None when it has no active test."""
        if not isinstance(check, dict) or check.get("disable"):
            return None
        test = check.get("test")
        if isinstance(test, str):
            argv = ["/bin/sh", "-c", test]
        elif isinstance(test, list) and test and test[0] in ("CMD", "CMD-SHELL") and len(test) > 1:
            argv = [str(a) for a in test[1:]] if test[0] == "CMD" else ["/bin/sh", "-c", str(test[1])]
        else:  # absent, ["NONE"], or something compose itself will reject
            return None

        def seconds(key: str, default: float) -> float:
            value = duration(check.get(key, default))
            return default if value is None else value

        return cls(argv, interval=seconds("interval", 30.0), timeout=seconds("timeout", 30.0),
                   retries=int(check.get("retries", 3)), start_period=seconds("start_period", 0.0))

    def to_label(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_label(cls, text: str | None) -> Probe | None:
        if not text:
            return None
        try:
            data = json.loads(text)
            return cls([str(a) for a in data["argv"]], float(data["interval"]), float(data["timeout"]),
                       int(data["retries"]), float(data["start_period"]))
        except (ValueError, KeyError, TypeError):
            return None

    @property
    def every(self) -> float:
        return min(max(self.interval, MIN_INTERVAL), MAX_INTERVAL)


def offload(svc: dict[str, Any], docker_interval: float) -> None:
    """Move a service's healthcheck to labctl: the test goes into a label; Docker's own
    probing is disabled (`docker_interval` 0) or runs at most every `docker_interval` s."""
    probe = Probe.from_compose(svc.get("healthcheck"))
    if probe is None:
        return
    labels = svc.setdefault("labels", {})
    labels[LABEL_HEALTHCHECK] = probe.to_label()
    if docker_interval <= 0:
        svc["healthcheck"] = {"disable": True}
    elif probe.interval < docker_interval:
        svc["healthcheck"]["interval"] = f"{docker_interval:g}s"


def container_healthy(container: Any) -> bool:
    """Running, and healthy by Docker's healthcheck, if it has one. Docker's "starting" is
    fine for a container whose readiness labctl probed (Docker probes it rarely, if ever)."""
    state = container.attrs["State"]
    health = (state.get("Health") or {}).get("Status")
    if state.get("Status") != "running":
        return False
    return health in (None, "healthy") or (
        health == "starting" and LABEL_HEALTHCHECK in (container.labels or {}))


@dataclass
class ProbeState:
    """The probing of one container during a readiness wait."""

    probe: Probe
    started_at: float = field(default_factory=time.monotonic)
    passed: bool = False
    failures: int = 0
    last_output: str = ""
    _next: float = 0.0
    _started: float = 0.0
    _thread: threading.Thread | None = None
    _result: tuple[int, str] | None = None

    @property
    def unhealthy(self) -> bool:
        return not self.passed and self.failures >= max(1, self.probe.retries)

    def tick(self, api: Any, container_id: str) -> None:
        """Collect a finished probe, start the next one when it is due (never two at once)."""
        now = time.monotonic()
        if self._thread is not None:
            if self._thread.is_alive() and now - self._started < self.probe.timeout:
                return
            result = self._result or (-1, f"timed out after {self.probe.timeout:g}s")
            self._thread, self._result = None, None
            code, self.last_output = result
            if code == 0:
                self.passed = True
            elif now - self.started_at >= self.probe.start_period:
                self.failures += 1
        if self.passed or now < self._next:
            return
        self._next = now + self.probe.every
        self._started = now
        self._thread = threading.Thread(target=self._run, args=(api, container_id), daemon=True,
                                        name=f"probe-{container_id[:12]}")
        self._thread.start()

    def _run(self, api: Any, container_id: str) -> None:
        try:
            exec_id = api.exec_create(container_id, self.probe.argv, stdout=True, stderr=True)["Id"]
            output = api.exec_start(exec_id)
            code = api.exec_inspect(exec_id).get("ExitCode")
            text = output.decode(errors="replace") if isinstance(output, bytes) else str(output)
            self._result = (-1 if code is None else int(code), text.strip())
        except Exception as exc:  # a container that stopped mid-probe: a failed probe
            self._result = (-1, str(exc))
