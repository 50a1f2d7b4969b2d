"""Helpers shared by the incident lab's checks: the incident as the lab recorded it, the
learner's incident record, the shop's health measured from inside, the pager, Prometheus,
Alertmanager, fault injection and cleanup.

The chaos agent (service `chaos`) writes /var/lib/chaos/incident.json when it starts the
incident: the fault, when it was injected and how long every log file was then. The pager
numbers incidents; "the incident" is the first one it opened after the injection.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import yaml

from labctl.grading.messages import CheckProblem

LINKS = {"web-api": ("web", "api", 8000), "api-db": ("api", "db", 5432), "api-cache": ("api", "cache", 6379)}
LINK_ORDER = ["web-api", "api-db", "api-cache"]
SHOP_HOSTS = ("web", "api", "db", "cache")
RECORD = "incident/incident.yaml"
POSTMORTEM = "incident/postmortem.md"
RUNBOOK = "runbooks/remediate.sh"
RESTORE = "runbooks/restore.sh"
SHOP_ALERTS = ("ShopHighErrorRate", "ShopHighLatency")

#: the fault classes, as the task text names them, and what else a learner may write
FAULT_NAMES = {
    "latency": ("latency", "delay", "slow-link", "slow link", "network-latency", "high-latency"),
    "loss": ("loss", "packet-loss", "packet loss", "packetloss", "lossy-link", "network-loss", "drops"),
    "dependency-down": ("dependency-down", "dependency down", "dependency", "dead-dependency",
                        "crash", "crashed", "down", "service-down", "process-died", "killed"),
    "disk-full": ("disk-full", "disk full", "disk", "full-disk", "no-space", "out-of-disk", "enospc"),
    "bad-config": ("bad-config", "bad config", "config", "configuration", "bad-configuration",
                   "config-push", "bad-deploy", "misconfiguration"),
}
PARAM_FAULT = {"latency": "latency", "loss": "loss", "dependency": "dependency-down",
               "disk": "disk-full", "config": "bad-config"}
SERVICE_NAMES = {
    "web": ("web", "nginx", "front", "frontend", "web-front"),
    "api": ("api", "shop-api", "orders-api", "backend", "app"),
    "db": ("db", "database", "postgres", "postgresql", "pg"),
    "cache": ("cache", "redis", "redis-server"),
}


def norm(text: Any) -> str:
    return re.sub(r"[\s_]+", "-", str(text or "").strip().lower())


def canonical_fault(text: Any) -> str | None:
    value = norm(text)
    for fault, names in FAULT_NAMES.items():
        if value in {norm(n) for n in names}:
            return fault
    return None


def canonical_service(text: Any) -> str | None:
    value = norm(text)
    for service, names in SERVICE_NAMES.items():
        if value in {norm(n) for n in names}:
            return service
    return None


def canonical_component(text: Any) -> str | None:
    """'api-db', 'api -> db', 'postgres' ... -> a link name or a service name."""
    value = str(text or "").strip().lower()
    parts = [p for p in re.split(r"\s*(?:->|→|<->|-|–|to|/|,)\s*|\s+", value) if p]
    if len(parts) == 2:
        a, b = canonical_service(parts[0]), canonical_service(parts[1])
        if a and b:
            for link, (src, dst, _) in LINKS.items():
                if {a, b} == {src, dst}:
                    return link
    return canonical_service(value)


def expected_fault(params: dict[str, Any]) -> str:
    return PARAM_FAULT[str(params["fault"])]


def expected_component(params: dict[str, Any]) -> str:
    fault = str(params["fault"])
    if fault in ("latency", "loss"):
        return str(params["link"])
    if fault == "dependency":
        return str(params["dependency"])
    return "api"


def expected_severity(params: dict[str, Any]) -> str:
    """Checkout broken for every customer -> SEV1; slower or partly failing -> SEV2."""
    fault = str(params["fault"])
    if fault in ("disk", "config") or (fault == "dependency" and params["dependency"] == "db"):
        return "SEV1"
    return "SEV2"


def fault_words(fault: str) -> tuple[str, ...]:
    """Words a root-cause text uses for a fault class."""
    return {
        "latency": ("latency", "delay", "slow"),
        "loss": ("loss", "drop", "lossy"),
        "dependency-down": ("down", "died", "dead", "crash", "killed", "stopped", "not running"),
        "disk-full": ("disk", "space", "full", "enospc"),
        "bad-config": ("config", "release", "deploy", "setting"),
    }[fault]


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.I) for w in words)


def mentions_component(text: str, component: str) -> bool:
    """A link is named by both its ends (any of their names), a service by any of its names."""
    if component in LINKS:
        src, dst, _ = LINKS[component]
        return _mentions(text, (component,)) or (
            _mentions(text, SERVICE_NAMES[src]) and _mentions(text, SERVICE_NAMES[dst]))
    return _mentions(text, SERVICE_NAMES[component])


def mentions_fault(text: str, fault: str) -> bool:
    return any(w in text.lower() for w in fault_words(fault))


# -- time ------------------------------------------------------------------------------

def parse_time(value: Any, where: str) -> float:
    """An ISO 8601 date-time WITH a time zone ('2026-12-05T10:03:12Z', '...+02:00') -> epoch."""
    text = str(value or "").strip().strip("'\"")
    if not text:
        raise CheckProblem(f"{where}: no time given; write it as 2026-12-05T10:03:12Z (ISO 8601, UTC)")
    try:
        when = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise CheckProblem(
            f"{where}: '{text}' is not an ISO 8601 date and time; write it like 2026-12-05T10:03:12Z"
        ) from None
    if when.tzinfo is None:
        raise CheckProblem(
            f"{where}: '{text}' has no time zone; add Z for UTC (the lab's clocks run in UTC) or an "
            "offset such as +02:00"
        )
    return when.timestamp()


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ago(ts: float) -> str:
    secs = time.time() - ts
    return f"{secs:.0f} s ago" if secs < 120 else f"{secs / 60:.0f} min ago"


# -- the learner's files ----------------------------------------------------------------

def read_text(env: Any, relative: str, what: str) -> str:
    path = env.workspace_file(relative)
    if not path.is_file():
        raise CheckProblem(f"expected {what} in /lab/{relative} (your workspace's {relative}); "
                           "there is no such file")
    return path.read_text(encoding="utf-8", errors="replace")


def read_record(env: Any) -> dict[str, Any]:
    """The incident record, every scalar as a string (YAML's BaseLoader: no surprises with
    times such as 10:03:12 read as numbers)."""
    text = read_text(env, RECORD, "your incident record")
    try:
        doc = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise CheckProblem(f"/lab/{RECORD} is not valid YAML{where}: "
                           f"{getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(doc, dict):
        raise CheckProblem(f"/lab/{RECORD} should be a YAML mapping (incident:, severity:, timeline: ...)")
    return doc


def field_text(doc: dict[str, Any], key: str) -> str:
    value = doc.get(key)
    if value is None or isinstance(value, (dict, list)) or not str(value).strip():
        raise CheckProblem(f"/lab/{RECORD}: the field `{key}:` is missing or empty")
    return str(value).strip()


@dataclass
class Entry:
    ts: float
    event: str
    index: int


def timeline(doc: dict[str, Any], lenient: bool = False) -> list[Entry]:
    """The record's timeline; `lenient` skips entries it cannot read (their format is graded
    by task triage) instead of failing on them."""
    items = doc.get("timeline")
    if not isinstance(items, list) or not items:
        raise CheckProblem(f"/lab/{RECORD}: expected `timeline:`, a list of entries with `time:` and "
                           "`event:`; found none")
    out = []
    for i, item in enumerate(items, 1):
        try:
            if not isinstance(item, dict) or "time" not in item or "event" not in item:
                raise CheckProblem(f"/lab/{RECORD}: timeline entry {i} should have `time:` and `event:`; "
                                   f"found {item!r}"[:300])
            event = str(item.get("event") or "").strip()
            if not event:
                raise CheckProblem(f"/lab/{RECORD}: timeline entry {i} has an empty `event:`")
            out.append(Entry(parse_time(item["time"], f"timeline entry {i}"), event, i))
        except CheckProblem:
            if not lenient:
                raise
    return out


# -- the env -------------------------------------------------------------------------------

@dataclass
class Shell:
    rc: int
    out: str
    err: str

    @property
    def tail(self) -> str:
        lines = (self.err.strip() + "\n" + self.out.strip()).strip().splitlines()
        return " | ".join(lines[-4:])[-400:]


@dataclass
class Probe:
    """One link, measured from its source machine: application-level pings. A link is faulty
    when its pings are slow far more often than the same pings sent from a machine whose
    own link has no fault (the control): a busy host slows both alike, a fault only one."""

    link: str
    n: int = 0
    slow: list[float] = field(default_factory=list)
    run: int = 0
    error: str = ""
    control: float = 0.0  # share of slow pings from the control machine
    rule: bool = True  # an iptables rule on the source drops or redirects this link's traffic

    def problem(self) -> str:
        src, dst, port = LINKS[self.link]
        if self.error:
            return f"{src} cannot talk to {dst}:{port} ({self.error})"
        share = len(self.slow) / max(1, self.n)
        # slow pings with no rule in the way are the host's load, not a fault on the link
        if self.rule and share >= 0.3 and share - self.control >= 0.25:
            worst = max(self.slow)
            return (f"the link {self.link} is slow or loses packets: {len(self.slow)} of {self.n} "
                    f"requests from {src} to {dst}:{port} took longer than 0.95 s (up to {worst:.1f} s), "
                    f"from another machine {self.control:.0%}")
        return ""


PROBE_SCRIPT = r"""
import json, socket, struct, subprocess, sys, time
out = {}
control = sys.argv[1] == "control"
rules = ""
if not control:  # the rules that could be a link fault here: DROPs and REDIRECTs in OUTPUT
    for table in ("filter", "nat"):
        r = subprocess.run(["iptables", "-t", table, "-S", "OUTPUT"], capture_output=True, text=True)
        rules += "\n".join(ln for ln in r.stdout.splitlines() if ("-j DROP" in ln or "-j REDIRECT" in ln)) + "\n"
for spec in sys.argv[2:]:
    link, host, port, kind = spec.split(":")
    slow, n, run, error, ip = [], 0, 0, "", ""
    for attempt in range(3):  # a busy Docker engine can be slow to answer DNS
        try:
            ip = socket.gethostbyname(host)
            break
        except OSError as exc:
            error = f"{host}: {exc}"
            time.sleep(1)
    if ip:
        error = ""
    ruled = bool(ip) and any(f"-d {ip}/32" in ln and ("-j DROP" in ln or f"--dport {port}" in ln)
                             for ln in rules.splitlines())
    for _ in range(8 if control else 20):
        if error:
            break
        n += 1
        t = time.time()
        try:
            s = socket.create_connection((ip, int(port)), timeout=6)
            s.settimeout(6)
            if kind == "http":
                s.sendall(b"GET /healthz HTTP/1.0\r\nHost: probe\r\n\r\n")
            elif kind == "pg":
                s.sendall(struct.pack("!ii", 8, 80877103))
            else:
                s.sendall(b"PING\r\n")
            data = s.recv(64)
            s.close()
            if not data:
                error = "the connection was closed without an answer"
        except OSError as exc:
            error = str(exc) or type(exc).__name__
        took = time.time() - t
        if error:
            break
        if took > 0.95:
            slow.append(round(took, 2))
            run += 1
            if run >= 3 and not control:
                break
        else:
            run = 0
    out[link] = {"n": n, "slow": slow, "run": run, "error": error, "rule": ruled}
print(json.dumps(out))
"""


class Lab:
    """Everything a check needs, over the fixtures host, http, env and params."""

    def __init__(self, host: Any, http: Any, env: Any, params: dict[str, Any]):
        self.host, self.http, self.env, self.params = host, http, env, params

    # -- commands ------------------------------------------------------------------------
    def sh(self, service: str, script: str, timeout: float = 60) -> Shell:
        r = self.host(service).run("timeout %s bash -c %s", f"{timeout:g}", script)
        return Shell(r.rc, r.stdout, r.stderr)

    def chaos(self, *args: str) -> None:
        """Inject a fault the way the lab's own incident was injected (the chaos agent)."""
        r = self.sh("chaos", "/opt/lab/bin/chaos inject " + " ".join(args), timeout=60)
        if r.rc != 0:
            raise CheckProblem(f"the grader could not inject its fault (`chaos inject {' '.join(args)}`): "
                               f"{r.tail or 'exit ' + str(r.rc)}. Did something change on the shop's machines?")

    # -- the incident ----------------------------------------------------------------------
    def incident(self) -> dict[str, Any] | None:
        r = self.sh("chaos", "cat /var/lib/chaos/incident.json 2>/dev/null", timeout=20)
        try:
            return json.loads(r.out) if r.rc == 0 and r.out.strip() else None
        except ValueError:
            return None

    def require_incident(self) -> dict[str, Any]:
        rec = self.incident()
        if rec is None:
            raise CheckProblem(
                "the incident has not started yet: the chaos agent breaks the shop about "
                f"{self.params.get('incident_after_s', 30)} s after it has served its first customers "
                "(a minute or so after `labctl up`). Wait for the page: `pager` in your workstation")
        return rec

    def incidents(self) -> list[dict[str, Any]]:
        resp = self.http.get("pager", "/api/incidents")
        if resp.status_code != 200:
            raise CheckProblem(f"the pager answered HTTP {resp.status_code} to GET /api/incidents")
        return list(resp.json())

    def first_page(self, rec: dict[str, Any], wait: float = 0) -> dict[str, Any] | None:
        """The page of this incident: one that was already open when the fault hit and stayed
        open (it took the incident's alerts), else the first opened within 3 minutes after
        (later pages come from drills and rehearsals)."""
        deadline = time.time() + wait
        began = rec["injected_at"]
        while True:
            pages = self.incidents()
            absorbing = [i for i in pages if i["triggered_ts"] < began - 5
                         and (not i["resolved_ts"] or i["resolved_ts"] > began + 20)]
            after = [i for i in pages if began - 5 <= i["triggered_ts"] <= began + 180]
            chosen = absorbing[-1:] or after[:1]
            if chosen or time.time() >= deadline:
                return chosen[0] if chosen else None
            time.sleep(2)

    def require_page(self, rec: dict[str, Any], wait: float = 90) -> dict[str, Any]:
        page = self.first_page(rec, wait)
        if page is None:
            raise CheckProblem(
                f"the incident started {ago(rec['injected_at'])} but the pager has no page for it yet; "
                "wait a little and grade again (`pager` lists the pages)")
        return page

    # -- Prometheus and Alertmanager ----------------------------------------------------------
    def prom(self, path: str, **params: Any) -> Any:
        resp = self.http.get("prometheus", f"/api/v1/{path}", params=params)
        try:
            body = resp.json()
        except ValueError:
            raise CheckProblem(f"Prometheus answered /api/v1/{path} with HTTP {resp.status_code}") from None
        if body.get("status") != "success":
            raise PromError(body.get("error") or f"HTTP {resp.status_code}")
        return body["data"]

    def query(self, expr: str, at: float | None = None) -> dict[str, float]:
        """labels -> value ('{}' for a scalar); raises PromError for a bad query."""
        params = {"query": expr}
        if at is not None:
            params["time"] = f"{at:.3f}"
        data = self.prom("query", **params)
        if data["resultType"] == "scalar":
            return {"{}": float(data["result"][1])}
        if data["resultType"] != "vector":
            raise PromError(f"the query returns a {data['resultType']}, not an instant vector or scalar")
        return {json.dumps(r["metric"], sort_keys=True): float(r["value"][1]) for r in data["result"]}

    def shop_alerts(self) -> list[dict[str, Any]]:
        alerts = self.prom("alerts")["alerts"]
        return [a for a in alerts if a["labels"].get("alertname") in SHOP_ALERTS]

    def active_silences(self) -> list[dict[str, Any]]:
        resp = self.http.get("alertmanager", "/api/v2/silences")
        if resp.status_code != 200:
            return []
        out = []
        for s in resp.json():
            if s.get("status", {}).get("state") != "active":
                continue
            for m in s.get("matchers", []):
                if m.get("name") in ("alertname", "service", "severity") and (
                        any(re.fullmatch(m["value"], a) if m.get("isRegex") else m["value"] == a
                            for a in (*SHOP_ALERTS, "shop", "page"))):
                    out.append(s)
                    break
        return out

    # -- the shop's health ------------------------------------------------------------------
    def _probe(self, machine: str, mode: str, specs: list[str]) -> dict[str, Any]:
        r = self.host(machine).run("timeout 100 python3 -c " + _q(PROBE_SCRIPT) + f" {mode} " + " ".join(specs))
        try:
            return dict(json.loads(r.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            raise CheckProblem(f"the grader could not measure the links from {machine}: "
                               f"{(r.stderr or r.stdout).strip()[:200] or 'no output'}") from None

    def probe_links(self, sources: tuple[str, ...] = ("web", "api"), only: str | None = None) -> list[Probe]:
        """The links that start on `sources` (or only the link `only`), each with its control:
        the same pings sent to the same service from the chaos agent's machine, and whether
        an iptables rule on the source drops or redirects the link's traffic."""
        from concurrent.futures import ThreadPoolExecutor

        specs = {"web-api": "api:8000:http", "api-db": "db:5432:pg", "api-cache": "cache:6379:redis"}
        wanted = [lk for lk in LINK_ORDER if (only is None or lk == only) and LINKS[lk][0] in sources]
        by_source: dict[str, list[str]] = {}
        for lk in wanted:
            by_source.setdefault(LINKS[lk][0], []).append(f"{lk}:{specs[lk]}")
        with ThreadPoolExecutor(max_workers=3) as pool:
            jobs = {src: pool.submit(self._probe, src, "link", items) for src, items in by_source.items()}
            control_job = pool.submit(self._probe, "chaos", "control", [f"{lk}:{specs[lk]}" for lk in wanted])
            data = {lk: d for job in jobs.values() for lk, d in job.result().items()}
            control = control_job.result()
        probes = []
        for lk in wanted:
            d, c = data[lk], control.get(lk, {})
            share = 1.0 if c.get("error") else len(c.get("slow", [])) / max(1, c.get("n", 1))
            probes.append(Probe(lk, d["n"], d["slow"], d["run"], d["error"], share, d.get("rule", True)))
        return probes

    def disk_free(self) -> int:
        r = self.sh("api", "df --output=avail -B1 /var/lib/shop | tail -1", timeout=20)
        try:
            return int(r.out.strip())
        except ValueError:
            raise CheckProblem(f"the grader could not read the free space of api's /var/lib/shop: {r.tail}") from None

    def problems(self) -> list[str]:
        """What is wrong with the shop right now, measured from inside (empty: healthy).
        The links are measured from web and api, readiness from the chaos agent's machine,
        all at once."""
        from concurrent.futures import ThreadPoolExecutor

        def disk() -> list[str]:
            free = self.disk_free()
            if free < 8 * 1024 * 1024:
                return [f"api's data disk /var/lib/shop has only {free // 1024} KiB free of 16 MiB"]
            time.sleep(1)
            later = self.disk_free()
            if free - later > 512 * 1024:
                return [f"api's data disk /var/lib/shop is filling up fast ({(free - later) // 1024} "
                        "KiB in a second): something is still writing to it"]
            return []

        def ready() -> list[str]:
            r = self.sh("chaos", "curl -s -m 15 -w '\\n%{http_code}' http://api:8000/readyz", timeout=20)
            body, _, code = r.out.rpartition("\n")
            if code.strip() == "200":
                return []
            try:
                report = json.loads(body)
            except ValueError:
                report = {}
            bad = {k: v for k, v in report.items() if isinstance(v, str) and v.startswith("error")}
            detail = "; ".join(f"{k}: {v}" for k, v in bad.items()) or f"HTTP {code.strip() or 'no answer'}"
            return [f"the API's readiness check (api:8000/readyz) fails: {detail}"]

        with ThreadPoolExecutor(max_workers=3) as pool:
            parts = [pool.submit(lambda: [p.problem() for p in self.probe_links()]),
                     pool.submit(disk), pool.submit(ready)]
            found = [p for part in parts for p in part.result()]
        return [p for p in found if p]

    def settled_problems(self, wait: float = 30) -> list[str]:
        """Problems that persist (a fix may still be settling: retry for up to `wait` s)."""
        deadline = time.time() + wait
        while True:
            found = self.problems()
            if not found or time.time() >= deadline:
                return found
            time.sleep(3)

    def customer_round(self) -> list[str]:
        """Browse, list orders, check out and read the order back through the shop's front door;
        returns what went wrong (empty: every step worked within the latency objective)."""
        import requests

        slo = int(self.params["slo_ms"]) / 1000
        issues: list[str] = []
        slow = 0
        for _ in range(3):
            steps = [("GET", "/api/products", None), ("GET", "/api/orders?limit=5", None),
                     ("POST", "/api/orders", {"product_id": 3, "quantity": 1, "customer": "grader"})]
            order_id = None
            for method, path, body in steps:
                started = time.time()
                try:
                    resp = requests.request(method, self.http.url("web", path), json=body, timeout=15)
                except requests.RequestException as exc:
                    issues.append(f"{method} {path}: no answer ({type(exc).__name__})")
                    continue
                took = time.time() - started
                slow += took > slo
                if not 200 <= resp.status_code < 300:
                    issues.append(f"{method} {path}: HTTP {resp.status_code} {resp.text.strip()[:120]}")
                elif method == "POST":
                    order_id = resp.json().get("id")
            if order_id is not None:
                resp = requests.get(self.http.url("web", f"/api/orders/{order_id}"), timeout=15)
                if resp.status_code != 200:
                    issues.append(f"the order {order_id} just placed cannot be read back (HTTP {resp.status_code})")
        if slow > 3:
            issues.append(f"{slow} of 9 customer requests took longer than the latency objective of "
                          f"{self.params['slo_ms']} ms")
        return issues

    # -- the runbook drill -------------------------------------------------------------------
    def ready_report(self) -> tuple[str, dict[str, Any]]:
        r = self.sh("chaos", "curl -s -m 15 -w '\\n%{http_code}' http://api:8000/readyz", timeout=20)
        body, _, code = r.out.rpartition("\n")
        try:
            return code.strip(), json.loads(body)
        except ValueError:
            return code.strip(), {}

    def release(self) -> str:
        r = self.sh("api", "basename \"$(readlink -f /etc/shop/api.yaml)\" .yaml", timeout=20)
        return r.out.strip()

    def drill_classes(self, plan: DrillPlan) -> dict[str, str]:
        """Per fault class of the drill: what is still wrong ('' = fixed)."""
        from concurrent.futures import ThreadPoolExecutor

        def link() -> str:
            return self.probe_links(only=plan.link)[0].problem()

        def dependency() -> str:
            if plan.dependency == "db":
                r = self.sh("db", "pg_isready -q -h 127.0.0.1 -t 5", timeout=15)
                return "" if r.rc == 0 else "PostgreSQL on db does not accept connections"
            r = self.sh("cache", "redis-cli -h 127.0.0.1 ping", timeout=15)
            return "" if "PONG" in r.out else "Redis on cache does not answer PING"

        def disk() -> str:
            free = self.disk_free()
            if free < 8 * 1024 * 1024:
                return f"api's data disk /var/lib/shop has only {free // 1024} KiB free of 16 MiB"
            time.sleep(1)
            if free - self.disk_free() > 512 * 1024:
                return "api's data disk /var/lib/shop is filling up again: something still writes to it"
            return ""

        def config() -> str:
            code, report = self.ready_report()
            if not report:
                return f"the API does not answer its readiness check (HTTP {code or 'none'})"
            running = (report.get("database"), report.get("cache_server"))
            if running != (GOOD_DATABASE, GOOD_CACHE):
                return (f"the API runs release {report.get('release')}, which connects to database "
                        f"{running[0]} and cache {running[1]} (they are at {GOOD_DATABASE} and {GOOD_CACHE})")
            return ""

        with ThreadPoolExecutor(max_workers=4) as pool:
            jobs = {k: pool.submit(f) for k, f in
                    (("link", link), ("dependency", dependency), ("disk", disk), ("config", config))}
            return {k: j.result() for k, j in jobs.items()}

    def undo_drill(self, plan: DrillPlan, started: float, release: str) -> None:
        """Undo what is left of the drill's own faults, and nothing of the learner's incident."""
        src, dst, _port = LINKS[plan.link]
        unlink = f"""
ip=$(getent hosts {dst} | awk '{{print $1; exit}}')
for t in filter nat; do
  iptables -t $t -S OUTPUT | grep -E -- "-d $ip/32 .*-j (DROP|REDIRECT)" | sed 's/^-A/-D/' | while read -r r; do
    p=$(echo "$r" | sed -n 's/.*--to-ports \\([0-9]*\\).*/\\1/p')
    eval iptables -t $t $r
    [ -n "$p" ] && pkill -f "link-delay $p "
  done
done
""" + DOCKER_DNS
        self.sh(src, unlink + "true", 30)
        if src != "api":
            self.sh("api", DOCKER_DNS + "true", 30)
        else:
            self.sh("web", DOCKER_DNS + "true", 30)
        service = "postgresql" if plan.dependency == "db" else "redis-server"
        self.sh(plan.dependency, f"service {service} status >/dev/null || service {service} start; true", 60)
        self.sh("api", f"""
for pid in $(pgrep -x debug-dump); do
  f=$(tr '\\0' '\\n' < /proc/$pid/cmdline | grep trace- | tail -1)
  e=${{f##*trace-}}; e=${{e%.dump}}
  [ "${{e:-0}}" -ge {int(started) - 2} ] 2>/dev/null && {{ kill $pid; rm -f "$f"; }}
done
for f in /var/lib/shop/debug/trace-*.dump; do
  [ -e "$f" ] || continue; e=${{f##*trace-}}; e=${{e%.dump}}
  [ "${{e:-0}}" -ge {int(started) - 2} ] 2>/dev/null && rm -f "$f"
done
now=$(basename "$(readlink -f /etc/shop/api.yaml)" .yaml)
if [ -n "{release}" ] && [ "$now" != "{release}" ] && python3 -c {_q(BAD_CONFIG)}; then
  shop-config rollback {release} --by grader >/dev/null
fi
true""", 60)

    # -- cleanup -------------------------------------------------------------------------------
    def heal(self) -> None:
        """Undo every fault the lab can inject (the grader's own, after a drill that did not
        fix it). Leaves whatever is already healthy alone."""
        unlink = ("for t in filter nat; do iptables -t $t -S OUTPUT | grep -E -- '-j (DROP|REDIRECT)' | "
                  "sed 's/^-A/-D/' | while read -r r; do eval iptables -t $t $r; done; done; "
                  "pkill -x link-delay; " + DOCKER_DNS)
        self.sh("web", unlink + "true", 30)
        self.sh("db", "service postgresql status >/dev/null || service postgresql start; true", 60)
        self.sh("cache", "service redis-server status >/dev/null || service redis-server start; true", 30)
        self.sh("api", unlink + "pkill -x debug-dump; rm -rf /var/lib/shop/debug/*; "
                "python3 -c " + _q(GOOD_CONFIG) + " || shop-config rollback 002 --by grader; "
                "service shop-api status >/dev/null || service shop-api start; true", 60)


# Docker's embedded DNS needs two nat rules in the container (127.0.0.11:53 -> its real ports);
# a learner's `iptables -t nat -F` deletes them. Put them back from the ports it listens on.
DOCKER_DNS = r"""
if ! iptables -t nat -S OUTPUT | grep -q -- '-j DOCKER_OUTPUT'; then
  tcp=$(ss -lntH 'src 127.0.0.11' | awk '{print $4}' | sed 's/.*://' | head -1)
  udp=$(ss -lnuH 'src 127.0.0.11' | awk '{print $4}' | sed 's/.*://' | head -1)
  iptables -t nat -N DOCKER_OUTPUT 2>/dev/null; iptables -t nat -N DOCKER_POSTROUTING 2>/dev/null
  iptables -t nat -F DOCKER_OUTPUT; iptables -t nat -F DOCKER_POSTROUTING
  iptables -t nat -A OUTPUT -d 127.0.0.11/32 -j DOCKER_OUTPUT
  iptables -t nat -S POSTROUTING | grep -q DOCKER_POSTROUTING || iptables -t nat -A POSTROUTING -d 127.0.0.11/32 -j DOCKER_POSTROUTING
  iptables -t nat -A DOCKER_OUTPUT -d 127.0.0.11/32 -p tcp --dport 53 -j DNAT --to-destination 127.0.0.11:$tcp
  iptables -t nat -A DOCKER_OUTPUT -d 127.0.0.11/32 -p udp --dport 53 -j DNAT --to-destination 127.0.0.11:$udp
  iptables -t nat -A DOCKER_POSTROUTING -s 127.0.0.11/32 -p tcp --sport $tcp -j SNAT --to-source :53
  iptables -t nat -A DOCKER_POSTROUTING -s 127.0.0.11/32 -p udp --sport $udp -j SNAT --to-source :53
fi
"""

BAD_CONFIG = """
import sys, yaml
now = yaml.safe_load(open("/etc/shop/api.yaml"))
db, cache = now.get("database") or {}, now.get("cache") or {}
ok = (db.get("host"), db.get("port"), db.get("name"), cache.get("host"), cache.get("port")) == \\
    ("db", 5432, "shop", "cache", 6379)
sys.exit(1 if ok else 0)
"""

GOOD_CONFIG = """
import sys, yaml
now = yaml.safe_load(open("/etc/shop/api.yaml"))
good = yaml.safe_load(open("/etc/shop/releases/002.yaml"))
sys.exit(0 if (now.get("database"), now.get("cache")) == (good.get("database"), good.get("cache")) else 1)
"""


@dataclass
class DrillPlan:
    """The runbook drill's faults: one of each class, away from the learner's own incident."""

    kind: str
    link: str
    amount: str
    dependency: str
    setting: str


def drill_plan(params: dict[str, Any]) -> DrillPlan:
    fault = str(params["fault"])
    dependency = "cache" if fault == "dependency" and params["dependency"] == "db" else "db"
    start = LINK_ORDER.index(str(params["link"])) + 1 if params["link"] in LINK_ORDER else 0
    candidates = [LINK_ORDER[(start + i) % len(LINK_ORDER)] for i in range(len(LINK_ORDER))]
    link = next(lk for lk in candidates
                if LINKS[lk][1] != dependency and not (fault in ("latency", "loss") and lk == params["link"]))
    kind, amount = ("loss", "60") if fault == "latency" else ("latency", "2500")
    settings = ["port", "host", "name"]
    setting = settings[(settings.index(str(params["bad_setting"])) + 1) % 3] \
        if params["bad_setting"] in settings else "port"
    return DrillPlan(kind, link, amount, dependency, setting)


GOOD_DATABASE, GOOD_CACHE = "db:5432/shop", "cache:6379"


class PromError(Exception):
    pass


def _q(text: str) -> str:
    import shlex

    return shlex.quote(text)


_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
             "unless", "offset", "inf", "nan", "atan2"}


def metric_names(expr: str) -> set[str]:
    """Metric names a PromQL expression reads (functions, keywords and label names left out)."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', expr or "")
    names: set[str] = set()
    s = re.sub(r"\{[^}]*\}", " ", s)
    s = re.sub(r"\[[^\]]*\]", " ", s)
    s = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", s)
    for m in re.finditer(r"(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*", s):
        if s[m.end():].lstrip().startswith("(") or m.group(0).lower() in _KEYWORDS:
            continue
        names.add(m.group(0))
    return names


def symptom_metric(name: str) -> bool:
    """The customers' own view and the alerts: what paged, not what caused it."""
    return name.startswith(("shop_client_", "shop:client_")) or name in ("ALERTS", "ALERTS_FOR_STATE")


def differs(during: dict[str, float], before: dict[str, float]) -> bool:
    """The evidence shows the incident: some series appears, vanishes or changes by half or more."""
    import math

    if set(during) != set(before):
        return True
    for key, a in during.items():
        b = before[key]
        if math.isnan(a) != math.isnan(b):
            return True
        if math.isnan(a):
            continue
        if abs(a - b) >= 0.5 * max(abs(a), abs(b)) and max(abs(a), abs(b)) > 0:
            return True
    return False
