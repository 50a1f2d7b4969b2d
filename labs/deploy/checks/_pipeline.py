"""The release pipeline scenarios that tasks smoke, rollback and record are graded on.

`probes()`: the learner's smoke test against six builds on the spare instances check1..6
(one healthy, five broken in different ways), one after the other.

`pipeline()`: three promotions of the shop, as CI would run them, each with its own
DEPLOYER, while clients load the shop (task smoke needs only A and B):
  A. a healthy release GOOD              -> should go live and stay (exit 0)
  B. a broken release BROKEN (/api/items answers 500)
                                         -> the smoke test should stop it (non-zero exit,
                                            traffic untouched: no client
                                            may get an answer from BROKEN)
  C. a release BAD that is healthy until it is live: from the first request of the checker's
     load it serves (through the load balancer), it fails every request but /healthz
                                         -> promote should switch back to the last good
                                            version within WATCH_SECONDS (+ slack), exit
                                            non-zero
After each step the check measures what the shop serves and reads the release log.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import Counter
from typing import Any

import _deploy as d

#: spare instance -> (profile, what it is, for the learner)
BUILDS = {
    "check1": ("good", "a healthy build"),
    "check2": ("api500", "a build whose /api/items answers HTTP 500"),
    "check3": ("badjson", "a build whose /api/items answers an HTML maintenance page with HTTP 200"),
    "check4": ("wrongversion", "a build that reports version v1 instead of the one deployed"),
    "check5": ("unhealthy", "a build whose /healthz answers 503 forever"),
    "check6": ("crash", "a build that crashed at start (nothing listens on its port)"),
}
SMOKE_LIMIT = 20  # seconds a smoke test may take (the task says 15)
LIVE_REQUESTS = 40


def _probes(host: Any) -> dict[str, d.Run]:
    d.require_scripts(host, "smoke-test")
    fleet = d.Fleet(host)
    versions = d.fresh_versions(len(BUILDS))
    plan = dict(zip(BUILDS, versions, strict=True))
    for name, version in plan.items():
        fleet.plant(version, BUILDS[name][0])
        fleet.deploy(name, version)
    deadline = time.time() + 15
    while time.time() < deadline:
        st = fleet.status()
        if all(st[n]["state"] == "ready" for n in ("check1", "check2", "check3", "check4")) \
                and st["check6"]["state"] == "crashed":
            break
        time.sleep(0.2)
    # one after the other (a smoke test may use fixed temp files), in one command on lb
    lines = []
    for name, version in plan.items():
        url = f"http://apps:{d.SPARE_PORT[name]}"
        lines.append(
            f"s=$(date +%s.%N); timeout -k 2 {SMOKE_LIMIT} {d.BIN}/smoke-test {url} {version} "
            f">/tmp/.smoke-{name}.out 2>&1; rc=$?; echo \"{name} $rc $s $(date +%s.%N) "
            f"$(tail -n 1 /tmp/.smoke-{name}.out | tr -s ' \\t' ' ' | cut -c1-120)\"; rm -f /tmp/.smoke-{name}.out"
        )
    script = "cd /deploy\n" + "\n".join(lines) + "\n"
    out = host("lb").run("bash -c %s", script)
    runs: dict[str, d.Run] = {}
    for line in out.stdout.splitlines():
        parts = line.split(" ", 4)
        if len(parts) >= 4 and parts[0] in plan:
            name, rc = parts[0], int(parts[1])
            said = parts[4] if len(parts) > 4 else ""
            if rc == 124:
                said = f"it did not finish within {SMOKE_LIMIT} s and was stopped"
            runs[name] = d.Run(f"smoke-test http://apps:{d.SPARE_PORT[name]} {plan[name]}", rc, "", said,
                               float(parts[2]), float(parts[3]))
    for name in plan:
        fleet._api("POST", f"/instances/{name}/stop")
    missing = [n for n in plan if n not in runs]
    if missing:
        raise d.CheckProblem(f"could not run your smoke test on lb: {out.stderr.strip()[:200] or 'no output'}")
    return runs


def probes(host: Any) -> dict[str, d.Run]:
    return d.once("probes", lambda: _probes(host))


class Step:
    """One promotion: the run, the load during it, what was live after, the release log after."""

    def __init__(self, version: str, deployer: str):
        self.version, self.deployer = version, deployer
        self.run: d.Run | None = None
        self.load: list[d.Sample] = []
        self.live_versions: dict[str, int] = {}
        self.live_failed = 0
        self.log = ""
        self.switched_at: float | None = None
        self.fault_on: str | None = None

    @property
    def live(self) -> str | None:
        """The one version serving every request after the step, or None."""
        if self.live_failed or len(self.live_versions) != 1:
            return None
        return next(iter(self.live_versions))

    def live_text(self) -> str:
        parts = [f"{v} {n}" for v, n in sorted(self.live_versions.items(), key=lambda kv: -kv[1])]
        if self.live_failed:
            parts.append(f"{self.live_failed} failed")
        return ", ".join(parts) or "nothing"


def _deployer() -> str:
    return f"ci-{secrets.token_hex(3)}"


def _measure_after(host: Any, target: tuple[str, int], step: Step) -> None:
    samples = d.converged(target, key="version", n=LIVE_REQUESTS)
    step.live_versions = dict(Counter(x.version for x in samples if x.ok))
    step.live_failed = len(d.failures(samples))
    step.log = d.read_log(host)


def _start(host: Any, http: Any, params: dict[str, Any]) -> dict[str, Any]:
    d.require_scripts(host, "promote")
    fleet = d.Fleet(host)
    fleet.ensure_running(d.COLORS)
    good, broken, bad = d.fresh_versions(3)
    fleet.plant(good, "good")
    fleet.plant(broken, "api500")
    fleet.plant(bad, "turnsbad")
    watch = int(params["watch_seconds"])
    p: dict[str, Any] = {"fleet": fleet, "target": d.address(http, "shop"), "watch": watch,
                         "limit": 90 + watch, "versions": (good, broken, bad)}
    before = Step("", "")
    before.log = d.read_log(host)
    before.live_versions = dict(d.live(p["target"], LIVE_REQUESTS)[0])
    p["before"] = before
    return p


def _promote(host: Any, p: dict[str, Any], step: Step, on_sample: Any = None) -> None:
    with d.Load(p["target"], on_sample=on_sample) as load:
        step.run = d.run_script(host, f"promote {step.version}", limit=p["limit"],
                                env={"DEPLOYER": step.deployer})
        _measure_after(host, p["target"], step)
    step.load = load.samples


def _steps_ab(host: Any, http: Any, params: dict[str, Any]) -> dict[str, Any]:
    p = _start(host, http, params)
    good, broken, _bad = p["versions"]
    p["a"] = Step(good, _deployer())
    _promote(host, p, p["a"])
    p["b"] = Step(broken, _deployer())
    _promote(host, p, p["b"])
    return p


def _step_c(host: Any, http: Any, params: dict[str, Any]) -> dict[str, Any]:
    p = dict(d.once("pipeline-ab", lambda: _steps_ab(host, http, params)))
    bad = p["versions"][2]
    c = p["c"] = Step(bad, _deployer())
    lock = threading.Lock()

    def on_sample(s: d.Sample) -> None:
        # BAD went bad the moment it served the first request of the checker's load (the
        # request carries the load header): note when and where
        if s.version == bad:
            with lock:
                if c.fault_on is None:
                    c.switched_at = s.start
                    c.fault_on = s.instance

    try:
        _promote(host, p, c, on_sample=on_sample)
    finally:
        # the checker's fault goes away with the scenario, whatever promote did
        for color in d.COLORS:
            p["fleet"].disarm(color)
    return p


def pipeline(host: Any, http: Any, params: dict[str, Any], upto: str = "c") -> dict[str, Any]:
    """The scenario up to step B (task smoke) or C (rollback, record), run once per grading."""
    if upto == "b":
        return d.once("pipeline-ab", lambda: _steps_ab(host, http, params))
    return d.once("pipeline-c", lambda: _step_c(host, http, params))


def healthy_promotion_problem(p: dict[str, Any]) -> str:
    """'' if step A put the healthy release live with exit 0, else why not."""
    a: Step = p["a"]
    assert a.run is not None
    if a.live != a.version:
        return (f"`promote {a.version}` (a healthy release) should leave it serving every request of the shop; "
                f"{a.run.describe()}, and the shop then served: {a.live_text()}")
    if a.run.rc != 0:
        return f"`promote {a.version}` put the healthy release live but {a.run.describe()}; it should exit 0"
    return ""
