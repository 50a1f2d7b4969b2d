"""Helpers shared by the deploy lab's checks: the learner's scripts, the fleet, load, statistics.

Every check grades behaviour. It runs the learner's scripts in `lb` (as the pipeline
would), drives the app server's agent (fleetd) in `apps` the way an operator would, and
sends real HTTP traffic through the load balancer's published ports from the host, one
fresh connection per request (what a browser's retry would not hide). A request fails
when it gets no answer within 10 s, the connection breaks, or the status is not 200.

Scenarios that several checks judge (a switch under load, a canary walk, the release
pipeline) run once per grading run and are memoized here, failures included.
"""

from __future__ import annotations

import http.client
import json
import math
import secrets
import shlex
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

from labctl.grading.messages import CheckProblem

BIN = "/deploy/bin"
LOG = "/deploy/releases.log"
#: seconds the checks wait after a script returned before they expect its change in effect
SETTLE = 0.5
WORKERS = 8
COLORS = {"blue": 8001, "green": 8002}
CANARY = {"stable": 8101, "canary": 8102}
SPARE = [f"check{i}" for i in range(1, 7)]
SPARE_PORT = {name: 8900 + i for i, name in enumerate(SPARE, start=1)}


# -- the learner's scripts ------------------------------------------------------------


def require_scripts(host: Any, *names: str) -> None:
    """Fail (as the learner reads it) unless every /deploy/bin/NAME is an executable file."""
    lb = host("lb")
    for name in names:
        path = f"{BIN}/{name}"
        if lb.run(f"test -f {path} && test -x {path}").rc != 0:
            exists = lb.run(f"test -e {path}").rc == 0
            raise CheckProblem(
                f"expected an executable script {path} on lb; "
                + ("it exists but is not executable (chmod +x)" if exists else "there is none")
            )


@dataclass
class Run:
    """One run of a learner's script."""

    command: str
    rc: int
    out: str
    err: str
    start: float
    end: float

    @property
    def said(self) -> str:
        """Its last word: the last line of stderr (nginx's [notice] lines aside), else of stdout."""
        for stream in (self.err, self.out):
            lines = [ln.strip() for ln in stream.splitlines() if ln.strip() and "[notice]" not in ln]
            if lines:
                return lines[-1][:160]
        return "no output"

    def describe(self) -> str:
        return f"`{self.command}` exited {self.rc} ({self.said})"


def run_script(host: Any, command: str, *, limit: float, env: dict[str, str] | None = None) -> Run:
    """Run a command line in lb as root with the pipeline's environment, killed after `limit` s."""
    prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
    wrapped = f"cd /deploy && {prefix + ' ' if prefix else ''}timeout -k 5 {limit:g} {command}"
    start = time.time()
    result = host("lb").run(wrapped)
    end = time.time()
    rc = result.rc
    err = result.stderr
    if rc == 124:
        err = f"it did not finish within {limit:g} s and was stopped\n"
    return Run(command, rc, result.stdout, err, start, end)


# -- the fleet (fleetd on apps) --------------------------------------------------------


class Fleet:
    def __init__(self, host: Any):
        self.apps = host("apps")

    def _api(self, method: str, path: str) -> Any:
        r = self.apps.run(f"curl -sS -m 10 -X {method} http://127.0.0.1:9000{path}")
        if r.rc != 0:
            raise CheckProblem(f"the app server's agent (fleetd) does not answer: {r.stderr.strip()[:120]}")
        return json.loads(r.stdout)

    def status(self) -> dict[str, dict[str, Any]]:
        return {i["name"]: i for i in self._api("GET", "/instances")}

    def deploy(self, name: str, version: str) -> None:
        self._api("POST", f"/instances/{name}/deploy?version={version}")

    def events(self, since: float) -> list[dict[str, Any]]:
        return list(self._api("GET", f"/events?since={since}"))

    def plant(self, version: str, profile: str) -> None:
        self.apps.check_output(f"fleet-plant {version} {profile}")

    def disarm(self, name: str) -> None:
        """Make a `turnsbad` release on this instance healthy again (the checker's fault)."""
        self.apps.run(f"fleet-fault {name} off")

    def wait_ready(self, names: Iterable[str], timeout: float = 20) -> dict[str, dict[str, Any]]:
        names = list(names)
        deadline = time.time() + timeout
        while True:
            status = self.status()
            if all(status[n]["state"] == "ready" for n in names) or time.time() > deadline:
                return status
            time.sleep(0.2)

    def ensure_running(self, names: Iterable[str], version: str = "v1") -> None:
        """Start the instances a scenario needs, if someone stopped them (an operator's fix,
        not the learner's work: the checks never grade these instances' versions)."""
        names = list(names)
        for name in names:  # a fault the checker left behind (a grading that was killed)
            self.disarm(name)
        status = self.status()
        down = [n for n in names if status[n]["state"] not in ("ready", "starting")]
        for name in down:
            self.deploy(name, version)
        status = self.wait_ready(names)
        late = [n for n in names if status[n]["state"] != "ready"]
        if late:
            raise CheckProblem(f"instances {', '.join(late)} on the app server do not become ready "
                               "(fleet status); restart the lab with `labctl reset` if they stay down")


def fresh_versions(count: int) -> list[str]:
    """Release names no earlier grading used in this env (likely): v10..v9999, distinct."""
    names: set[str] = set()
    while len(names) < count:
        names.add(f"v{10 + secrets.randbelow(9990)}")
    return sorted(names)


# -- traffic -------------------------------------------------------------------------


@dataclass
class Sample:
    start: float
    end: float
    status: int
    instance: str = ""
    version: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.error

    def why(self) -> str:
        return self.error or f"HTTP {self.status}"


#: the header every request of the checker carries: a `turnsbad` release (see _pipeline) goes bad
#: when it sees it, i.e. when real users reach it through the load balancer
LOAD_HEADER = "X-Lab-Load"


def request(host: str, port: int, path: str = "/", timeout: float = 10.0) -> Sample:
    start = time.time()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Connection": "close", LOAD_HEADER: "1"})
        resp = conn.getresponse()
        body = resp.read()
        instance = resp.getheader("X-Instance") or ""
        version = resp.getheader("X-Version") or ""
        if not instance and resp.status == 200:
            try:
                data = json.loads(body)
                instance, version = str(data.get("instance", "")), str(data.get("version", ""))
            except (ValueError, AttributeError):
                pass
        return Sample(start, time.time(), resp.status, instance, version)
    except (OSError, http.client.HTTPException) as exc:
        kind = "timed out" if isinstance(exc, TimeoutError) else (
            "connection refused" if isinstance(exc, ConnectionRefusedError) else
            "connection reset" if isinstance(exc, ConnectionResetError) else
            type(exc).__name__)
        return Sample(start, time.time(), 0, error=kind)
    finally:
        conn.close()


def address(http: Any, port_name: str) -> tuple[str, int]:
    url = urlsplit(http.url(port_name, "/"))
    return url.hostname or "127.0.0.1", int(url.port or 80)


@dataclass
class Load:
    """Clients sending requests through a published port until stopped."""

    target: tuple[str, int]
    path: str = "/"
    workers: int = WORKERS
    on_sample: Callable[[Sample], None] | None = None
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def _loop(self) -> None:
        while not self._stop.is_set():
            s = request(*self.target, self.path)
            self.samples.append(s)
            if self.on_sample is not None:
                self.on_sample(s)
            # a short pause: each client sends a request every few tens of milliseconds, so some
            # are always in flight, without burning the CPU the scripts under test need
            time.sleep(0.01 if s.ok else 0.02)

    def __enter__(self) -> Load:
        for _ in range(self.workers):
            t = threading.Thread(target=self._loop, daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(10)

    def between(self, start: float, end: float = math.inf) -> list[Sample]:
        return [s for s in self.samples if start <= s.start < end]


def measure(target: tuple[str, int], n: int, path: str = "/", workers: int = WORKERS) -> list[Sample]:
    """Exactly n requests, `workers` at a time."""
    out: list[Sample] = []
    lock = threading.Lock()
    left = [n]

    def work() -> None:
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            s = request(*target, path)
            with lock:
                out.append(s)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def failures(samples: list[Sample]) -> list[Sample]:
    return [s for s in samples if not s.ok]


def describe_failures(samples: list[Sample], total: int) -> str:
    bad = failures(samples)
    kinds = Counter(s.why() for s in bad)
    return (f"{len(bad)} of {total} requests failed ("
            + ", ".join(f"{n}× {k}" for k, n in kinds.most_common(3)) + ")")


def spread(samples: list[Sample], key: str = "instance") -> str:
    """'blue 120, green 3' (successful responses by instance or version)."""
    counts = Counter(getattr(s, key) for s in samples if s.ok)
    return ", ".join(f"{k or '?'} {v}" for k, v in counts.most_common()) or "no successful response"


def converged(target: tuple[str, int], key: str = "version", timeout: float = 10.0,
              n: int = 40) -> list[Sample]:
    """n requests once the load balancer has settled: every one of 20 in a row succeeded from one
    `key` (version or instance), or `timeout` seconds passed. A reload finishes asynchronously
    (nginx -s reload returns at once; the old workers keep accepting until the new ones run),
    which takes long on a busy machine: this waits for it instead of guessing a delay."""
    deadline = time.time() + timeout
    while True:
        probe = measure(target, 20)
        if not failures(probe) and len({getattr(s, key) for s in probe}) == 1:
            break
        if time.time() > deadline:
            break
        time.sleep(0.3)
    return measure(target, n)


def nginx_workers(host: Any) -> set[int]:
    """PIDs of nginx's worker processes on lb (any state)."""
    r = host("lb").run("pgrep -f '^nginx: worker process' || true")
    return {int(x) for x in r.stdout.split()}


def settle(host: Any, workers_before: set[int], timeout: float = 5.0) -> None:
    """After a script changed the load balancer: wait until nginx's workers of before are gone
    (a reload is complete once they are: every new connection then gets the new configuration),
    at most `timeout` s (nothing to wait for when nginx was not reloaded: HAProxy, a runtime
    API), then SETTLE."""
    deadline = time.time() + timeout
    while workers_before and time.time() < deadline:
        if not workers_before & nginx_workers(host):
            break
        time.sleep(0.1)
    time.sleep(SETTLE)


def live(target: tuple[str, int], n: int = 40) -> tuple[Counter[str], Counter[str], int]:
    """(versions, instances, failed) of n requests now."""
    samples = measure(target, n)
    ok = [s for s in samples if s.ok]
    return Counter(s.version for s in ok), Counter(s.instance for s in ok), n - len(ok)


# -- statistics for the canary ------------------------------------------------------------

#: requests measured per canary step, and the largest chance, in each tail, that a correct
#: random per-request split falls outside the accepted band. See share_band().
CANARY_REQUESTS = 500
CANARY_TAIL = 1e-7


def _binomial_pmf(n: int, k: int, p: float) -> float:
    return math.exp(math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
                    + k * math.log(p) + (n - k) * math.log1p(-p))


def share_band(percent: int, n: int = CANARY_REQUESTS, tail: float = CANARY_TAIL) -> tuple[int, int]:
    """The accepted numbers of canary responses out of n for a target percent: [low, high].

    A correct canary splits either deterministically (nginx or HAProxy weights: smooth
    weighted round robin, per worker process), which lands within a request or two of
    the target, or at random per request (split_clients on $request_id, HAProxy's
    `balance random`), which makes the count binomial(n, p). The band is the central
    interval of binomial(500, p) with at most 1e-7 of probability on each side, computed
    exactly. So a correct random split fails a step with probability at most 2e-7 and a
    grading run (at most four steps between 0 and 100) at most 8e-7: it never fails in
    practice, and a deterministic split never fails at all. For 10% the band is 19..88
    of 500 (3.8%..17.6%); a canary that sends 50% when 10% is asked lands in it with
    probability below 1e-50, even if it splits at random: it always fails.
    tests/labs/test_deploy.py recomputes these numbers.
    """
    if percent <= 0:
        return 0, 0
    if percent >= 100:
        return n, n
    p = percent / 100
    pmf = [_binomial_pmf(n, k, p) for k in range(n + 1)]
    low, below = 0, 0.0
    while below + pmf[low] <= tail:
        below += pmf[low]
        low += 1
    high, above = n, 0.0
    while above + pmf[high] <= tail:
        above += pmf[high]
        high -= 1
    return low, high


def fmt_pct(x: float) -> str:
    return f"{100 * x:.1f}%"


# -- the release log --------------------------------------------------------------------


@dataclass
class Entry:
    line: int
    time: float | None
    version: str
    who: str
    raw: str


def parse_time(text: str) -> float | None:
    from datetime import datetime

    text = text.strip()
    try:
        value = float(text)
        return value if value > 1e9 else None
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def parse_log(text: str) -> list[Entry]:
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        raw = line.strip()
        if not raw or raw.startswith("#"):
            continue
        if raw.startswith("{"):
            try:
                data = json.loads(raw)
            except ValueError:
                entries.append(Entry(number, None, "", "", raw))
                continue
            when = next((data[k] for k in ("time", "at", "when", "timestamp") if k in data), "")
            who = next((data[k] for k in ("who", "by", "deployer", "user") if k in data), "")
            entries.append(Entry(number, parse_time(str(when)), str(data.get("version", "")), str(who), raw))
            continue
        fields = raw.split()
        entries.append(Entry(number, parse_time(fields[0]), fields[1] if len(fields) > 1 else "",
                             fields[2] if len(fields) > 2 else "", raw))
    return entries


def read_log(host: Any) -> str:
    r = host("lb").run(f"cat {LOG}")
    return r.stdout if r.rc == 0 else ""


# -- memoized scenarios ----------------------------------------------------------------

_memo: dict[str, Any] = {}


def once(key: str, fn: Callable[[], Any]) -> Any:
    """fn() the first time; its result (or the exception it raised) afterwards."""
    if key not in _memo:
        try:
            _memo[key] = ("ok", fn())
        except Exception as exc:
            _memo[key] = ("error", exc)
    kind, value = _memo[key]
    if kind == "error":
        raise value
    return value
