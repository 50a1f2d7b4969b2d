"""Helpers shared by phase5's checks: Prometheus' HTTP API, traffic, metrics parsing.

Every check that needs the service's error ratio in a known state makes its own
traffic: requests through the published port of `app`, concurrently (the service
takes 10-60 ms per request), then waits until Prometheus has scraped the service
and evaluated its rules after the traffic ("settle").
"""

from __future__ import annotations

import math
import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

STATUS_LABELS = ("status", "code", "status_code", "http_status")
RANGE_RE = re.compile(r"\[\s*(\d+(?:ms|s|m|h|d|w|y))\s*(?::[^\]]*)?\]")


# -- names derived from the parameters -------------------------------------------


def counter_name(params: dict[str, Any]) -> str:
    return f"{params['service']}_http_requests_total"


def histogram_name(params: dict[str, Any]) -> str:
    return f"{params['service']}_http_request_duration_seconds"


def record_name(params: dict[str, Any]) -> str:
    return f"{params['service']}:error_ratio:rate1m"


def threshold(params: dict[str, Any]) -> float:
    return int(params["error_threshold_pct"]) / 100.0


def seconds(duration: str) -> float:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
    total = 0.0
    for value, unit in re.findall(r"(\d+)(ms|s|m|h|d|w|y)", duration):
        total += int(value) * units[unit]
    return total


def windows(expr: str) -> list[str]:
    """Range durations in a PromQL expression, e.g. ['1m'] for rate(x[1m])."""
    return RANGE_RE.findall(expr or "")


# -- traffic ------------------------------------------------------------------------


def traffic(http: Any, ok: int = 0, fail: int = 0, workers: int = 16) -> float:
    """Send `ok` successful and `fail` failing requests to the service; return when done."""
    import requests

    base = http.url("app", "/api/orders")
    urls = [base] * ok + [base + "?fail=1"] * fail
    if not urls:
        return time.time()
    sessions: dict[int, Any] = {}

    def one(url: str) -> int:
        import threading

        s = sessions.setdefault(threading.get_ident(), requests.Session())
        try:
            return s.get(url, timeout=10).status_code
        except requests.RequestException:
            return 0

    with ThreadPoolExecutor(max_workers=min(workers, len(urls))) as pool:
        codes = list(pool.map(one, urls))
    if codes.count(0) == len(codes):
        raise AssertionError(
            f"the service does not answer on {base}: is app.py running? "
            "(see `labctl logs` for the app service)"
        )
    return time.time()


# -- the service's /metrics -----------------------------------------------------------

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?\s*$")
_LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?')


def parse_metrics(text: str) -> tuple[dict[str, str], list[tuple[str, dict[str, str], float]]]:
    """(types: family -> type, samples: [(name, labels, value)]) of the text exposition format."""
    types: dict[str, str] = {}
    samples: list[tuple[str, dict[str, str], float]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            parts = line.split(None, 3)
            if len(parts) >= 4 and parts[1] == "TYPE":
                types[parts[2]] = parts[3].strip()
            continue
        m = _SAMPLE.match(line)
        if not m:
            continue
        labels = {k: bytes(v, "utf-8").decode("unicode_escape") for k, v in _LABEL.findall(m.group(2) or "")}
        try:
            value = float(m.group(3))
        except ValueError:
            continue
        samples.append((m.group(1), labels, value))
    return types, samples


def scrape_app(http: Any) -> str:
    resp = http.get("app", "/metrics")
    assert resp.status_code == 200, (
        f"expected the service to serve its metrics on /metrics (HTTP 200); "
        f"GET /metrics answered HTTP {resp.status_code}"
    )
    return resp.text


# -- Prometheus and Alertmanager APIs -------------------------------------------------


class PromError(Exception):
    pass


#: Prometheus applies new scrape targets and Alertmanagers a few seconds after a reload
#: (its discovery and scrape managers batch updates every 5 s)
RELOAD_SETTLE = 12.0
_settled_config: set[str] = set()


class Prom:
    def __init__(self, http: Any):
        self.http = http

    def _wait_for_reload(self) -> None:
        """If the configuration was (re)loaded moments ago, give targets and Alertmanagers
        time to appear (rules, by contrast, are loaded by the reload itself)."""
        try:
            info = self.api("status/runtimeinfo")
        except (PromError, AssertionError):
            return
        loaded = str(info.get("lastConfigTime") or "")
        if not loaded or loaded in _settled_config:
            return
        _settled_config.add(loaded)
        age = time.time() - _ts(loaded)
        if 0 <= age < RELOAD_SETTLE:
            time.sleep(RELOAD_SETTLE - age)

    def api(self, path: str, **params: Any) -> Any:
        resp = self.http.get("prometheus", f"/api/v1/{path}", params=params)
        try:
            body = resp.json()
        except ValueError:
            raise AssertionError(
                f"Prometheus answered /api/v1/{path} with HTTP {resp.status_code} and no JSON: "
                "is it running? (`labctl logs` for the prometheus service)"
            ) from None
        if body.get("status") != "success":
            raise PromError(body.get("error") or f"HTTP {resp.status_code}")
        return body["data"]

    def query(self, expr: str, at: float | None = None) -> list[dict[str, Any]]:
        params = {"query": expr}
        if at is not None:
            params["time"] = f"{at:.3f}"
        data = self.api("query", **params)
        if data["resultType"] == "scalar":
            return [{"metric": {}, "value": data["result"]}]
        if data["resultType"] != "vector":
            return []
        return list(data["result"])

    def values(self, expr: str, at: float | None = None) -> list[float]:
        return [float(r["value"][1]) for r in self.query(expr, at)]

    def query_range(self, expr: str, start: float, end: float, step: float) -> list[dict[str, Any]]:
        data = self.api("query_range", query=expr, start=f"{start:.3f}", end=f"{end:.3f}",
                        step=f"{step:g}")
        return list(data["result"])

    def targets(self) -> list[dict[str, Any]]:
        self._wait_for_reload()
        return list(self.api("targets", state="active")["activeTargets"])

    def alertmanagers(self) -> list[dict[str, Any]]:
        self._wait_for_reload()
        return list(self.api("alertmanagers").get("activeAlertmanagers") or [])

    def groups(self) -> list[dict[str, Any]]:
        return list(self.api("rules")["groups"])

    def rules(self, kind: str | None = None) -> list[dict[str, Any]]:
        out = []
        for g in self.groups():
            for r in g.get("rules", []):
                if kind is None or r.get("type") == kind:
                    out.append({**r, "_group": g.get("name"), "_file": g.get("file")})
        return out

    def rule(self, name: str, kind: str) -> dict[str, Any] | None:
        key = "name"
        for r in self.rules(kind):
            if r.get(key) == name:
                return r
        return None

    def reload_note(self) -> str:
        """A hint when Prometheus' last config reload failed."""
        try:
            info = self.api("status/runtimeinfo")
        except (PromError, AssertionError):
            return ""
        if info.get("reloadConfigSuccess") is False:
            return (" (note: Prometheus' last reload FAILED, it still runs the previous "
                    "configuration: run `promtool check config /lab/prometheus/prometheus.yml`)")
        return ""

    # -- waiting for fresh data ------------------------------------------------------

    def service_series_targets(self, params: dict[str, Any]) -> set[tuple[str, str]]:
        try:
            rows = self.query(f"count by (job, instance) ({counter_name(params)})")
        except PromError:
            return set()
        return {(r["metric"].get("job", ""), r["metric"].get("instance", "")) for r in rows}

    def settle(self, params: dict[str, Any], after: float, timeout: float = 40.0) -> float:
        """Wait until the service was scraped after `after` and every rule group evaluated
        after that scrape. Returns the time to evaluate at (now)."""
        deadline = time.time() + timeout
        wanted = self.service_series_targets(params)
        scraped = after
        while wanted and time.time() < deadline:
            last = []
            for t in self.targets():
                key = (t["labels"].get("job", ""), t["labels"].get("instance", ""))
                if key in wanted:
                    last.append(_ts(t.get("lastScrape")))
            if last and min(last) > after:
                scraped = max(last)
                break
            time.sleep(0.5)
        while time.time() < deadline:
            evals = [_ts(g.get("lastEvaluation")) for g in self.groups()]
            if not evals or min(evals) > scraped:
                break
            time.sleep(0.5)
        return time.time()


def _ts(value: str | None) -> float:
    """RFC 3339 (Prometheus' lastScrape) -> epoch seconds; 0 when never."""
    if not value or value.startswith("0001"):
        return 0.0
    from datetime import datetime

    text = value.rstrip("Z")
    frac = ""
    if "." in text:
        text, frac = text.split(".", 1)
    tz = "+00:00"
    for sign in ("+", "-"):
        if sign in frac:
            frac, tzpart = frac.split(sign, 1)
            tz = sign + tzpart
    if not frac and len(text) > 19 and text[19] in "+-":
        text, tz = text[:19], text[19:]
    dt = datetime.fromisoformat(f"{text}{tz}")
    return dt.timestamp() + (float("0." + frac[:6]) if frac else 0.0)


# -- files that must load ------------------------------------------------------------

PROM_CONFIG = "/lab/prometheus/prometheus.yml"
AM_CONFIG = "/lab/alertmanager/alertmanager.yml"
_FAILED_FILE = re.compile(r"^\s*(/\S+?):\s*(.*)$")


def _promtool(host: Any) -> tuple[str | None, dict[str, str]]:
    """promtool's verdict on the learner's files as Prometheus would load them:
    (a problem of prometheus.yml itself, {rule file: its problem})."""
    res = host("prometheus").run(f"promtool check config {PROM_CONFIG} 2>&1")
    if res.rc == 0:
        return None, {}
    out = res.stdout
    lines = [ln.strip() for ln in out.splitlines() if ln.strip()]
    config = next((ln.removeprefix("FAILED: ") for ln in lines
                   if ln.startswith("FAILED:") and PROM_CONFIG in ln), None)
    rules: dict[str, str] = {}
    for ln in lines:
        m = _FAILED_FILE.match(ln)
        if m and m.group(1) != PROM_CONFIG and m.group(1).startswith("/"):
            rules.setdefault(m.group(1), m.group(2))
    if config is None and not rules:
        config = next((ln for ln in lines if "FAILED" in ln or "error" in ln.lower()), lines[-1] if lines else "")
    return config, rules


def require_config_loads(host: Any) -> None:
    """Fail when prometheus.yml on disk does not load: Prometheus then keeps running the
    previous configuration, and whatever it still does is not the learner's file."""
    config, _ = _promtool(host)
    if config:
        raise AssertionError(
            f"your prometheus.yml does not load, so Prometheus keeps running its previous configuration "
            f"(a reload fails): {config[:240]}; check it with `promtool check config {PROM_CONFIG}`"
        )


def require_rules_load(host: Any, name: str) -> None:
    """Fail when the rule file that holds rule `name` does not load (Prometheus keeps the
    rules it had)."""
    _, rules = _promtool(host)
    for path, problem in rules.items():
        text = host("prometheus").file(path).content_string if host("prometheus").file(path).exists else ""
        if name in text:
            short = path.replace("/lab/prometheus/", "")
            raise AssertionError(
                f"your rule file {short} does not load, so Prometheus keeps the rules it had before (a reload "
                f"fails): {problem[:240]}; check it with `promtool check rules /lab/prometheus/{short}`"
            )


def require_alertmanager_config_loads(host: Any) -> None:
    res = host("alertmanager").run(f"amtool check-config {AM_CONFIG} 2>&1")
    if res.rc != 0:
        lines = [ln.strip() for ln in res.stdout.splitlines() if ln.strip()]
        why = next((ln for ln in lines if "FAILED" in ln or "error" in ln.lower()), lines[-1] if lines else "")
        raise AssertionError(
            f"your alertmanager.yml does not load, so Alertmanager keeps running its previous configuration "
            f"(a reload fails): {why[:240]}; check it with `amtool check-config {AM_CONFIG}`"
        )


# -- windows -----------------------------------------------------------------------------

#: the range the task texts name: "over the last 1 minute"
TASK_WINDOW = "1m"


def rule_windows(prom: Prom, expr: str, seen: set[str] | None = None) -> list[str]:
    """Range durations an expression computes over, through the recording rules it reads."""
    seen = set() if seen is None else seen
    found = list(windows(expr))
    for r in prom.rules("recording"):
        name = r.get("name", "")
        if name in seen or not re.search(rf"(?<![\w:]){re.escape(name)}(?![\w:])", expr or ""):
            continue
        seen.add(name)
        found += rule_windows(prom, r.get("query", ""), seen)
    return found


def wrong_windows(prom: Prom, expr: str) -> list[str]:
    """The windows an expression uses that are not the task's 1 minute."""
    return sorted({w for w in rule_windows(prom, expr) if seconds(w) != seconds(TASK_WINDOW)})


# -- the service's counter as Prometheus sees it ----------------------------------------


def status_label(prom: Prom, params: dict[str, Any]) -> str | None:
    """The label of the request counter that holds the HTTP status, as scraped."""
    try:
        rows = prom.query(counter_name(params))
    except PromError:
        return None
    for label in STATUS_LABELS:
        if any(label in r["metric"] for r in rows):
            return label
    return None


def reference_ratio_expr(params: dict[str, Any], label: str, window: str) -> str:
    c = counter_name(params)
    return (f'(sum(rate({c}{{{label}=~"5.*"}}[{window}])) or on() vector(0)) / '
            f"sum(rate({c}[{window}]))")


def reference_ratio(prom: Prom, params: dict[str, Any], label: str, window: str,
                    at: float | None = None) -> float | None:
    """The service's true error ratio over `window` (None when it served nothing)."""
    values = prom.values(reference_ratio_expr(params, label, window), at)
    values = [v for v in values if not math.isnan(v)]
    return values[0] if values else None


def window_counts(prom: Prom, params: dict[str, Any], label: str, window: str) -> tuple[float, float]:
    """(errors, total) requests the service counted over the last `window`."""
    c = counter_name(params)
    err = prom.values(f'sum(increase({c}{{{label}=~"5.*"}}[{window}]))')
    tot = prom.values(f"sum(increase({c}[{window}]))")
    return (err[0] if err else 0.0), (tot[0] if tot else 0.0)


def am_status(http: Any) -> dict[str, Any]:
    resp = http.get("alertmanager", "/api/v2/status")
    assert resp.status_code == 200, f"Alertmanager's API answered HTTP {resp.status_code}"
    return resp.json()


def fmt_pct(ratio: float | None) -> str:
    return "no requests" if ratio is None else f"{ratio * 100:.1f}%"


# -- the alert -------------------------------------------------------------------------

MAX_FOR_SECONDS = 30


def alert_rule(prom: Prom, params: dict[str, Any], host: Any = None) -> dict[str, Any]:
    name = params["alert_name"]
    if host is not None:
        require_rules_load(host, name)
    rule = prom.rule(name, "alerting")
    found = [r["name"] for r in prom.rules("alerting")]
    assert rule is not None, (
        f"expected an alerting rule named {name} loaded in Prometheus; its alerting rules: "
        f"{', '.join(found) or 'none'}{prom.reload_note()}"
    )
    return rule


def alert_window(prom: Prom, rule: dict[str, Any]) -> str:
    """The range the alert's ratio is computed over (via a recording rule if it uses one)."""
    found = windows(rule["query"])
    if found:
        return found[0]
    for r in prom.rules("recording"):
        if re.search(rf"(?<![\w:]){re.escape(r['name'])}(?![\w:])", rule["query"]):
            found = windows(r["query"])
            if found:
                return found[0]
    return "1m"


def require_label(prom: Prom, params: dict[str, Any]) -> str:
    label = status_label(prom, params)
    assert label, (
        f"Prometheus has no {counter_name(params)} series with a status label: finish the "
        "tasks instrument and scrape first"
    )
    return label


def drive_ratio(http: Any, prom: Prom, params: dict[str, Any], label: str, window: str,
                high: bool, budget: float = 75.0) -> tuple[float | None, float]:
    """Make the service's error ratio over `window` clearly high (> 1.3 x threshold) or
    clearly low (0 < ratio < 0.5 x threshold) with real traffic; return (ratio, when).
    Returns (None, now) when that cannot be done within the budget."""
    thr = threshold(params)
    deadline = time.time() + budget
    at = time.time()
    ref = reference_ratio(prom, params, label, window, at)

    def good(r: float | None) -> bool:
        if r is None:
            return False
        return r > thr * 1.3 if high else 0 < r < thr * 0.5

    rounds = 0
    while not good(ref) and time.time() < deadline:
        rounds += 1
        errors, total = window_counts(prom, params, label, window)
        if high:
            target = min(0.9, max(2 * thr, thr + 0.15))
            fail = max(5, math.ceil((target * total - errors) / (1 - target)) + 3)
            after = traffic(http, ok=0, fail=min(fail, 3000))
        else:
            target = thr * 0.35
            ok = max(30, math.ceil((errors + 1) / target) - int(total))
            if ok > 1000:  # too many errors in the window to dilute: let it drain
                time.sleep(min(10.0, max(0.0, deadline - time.time())))
                after = traffic(http, ok=20)
            else:
                after = traffic(http, ok=ok, fail=0 if errors >= 1 else 1)
        at = prom.settle(params, after)
        ref = reference_ratio(prom, params, label, window, at)
        if not good(ref) and ref is not None and rounds >= 2 and not high:
            time.sleep(2)  # a brand-new series needs two scrapes before rate() sees it
    return (ref if good(ref) else None), at


_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
             "unless", "offset", "inf", "nan"}


def metric_names(expr: str) -> set[str]:
    """Metric names a PromQL expression reads (functions, keywords and label names left out)."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', expr or "")
    s = re.sub(r"\{[^}]*\}", " ", s)
    s = re.sub(r"\[[^\]]*\]", " ", s)
    s = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", s)
    names = set()
    for m in re.finditer(r"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*", s):
        if s[m.end():].lstrip().startswith("(") or m.group(0).lower() in _KEYWORDS:
            continue
        names.add(m.group(0))
    return names


def historic_low_point(prom: Prom, params: dict[str, Any], label: str, window: str,
                       rule: dict[str, Any], lookback: float = 900) -> tuple[float | None, float]:
    """A recent instant when the service's error ratio over `window` was steadily low
    (0 < ratio < 0.5 x threshold at two steps in a row) and every series the rule reads existed.
    Evaluating the rule there needs no new traffic (a regrade finds one from the last)."""
    thr = threshold(params)
    end = time.time()
    start, step = end - lookback, 5.0
    try:
        rows = prom.query_range(reference_ratio_expr(params, label, window), start, end, step)
    except PromError:
        return None, end
    if not rows:
        return None, end
    points = [(float(t), float(v)) for t, v in rows[0]["values"]]
    present: set[float] | None = None
    for name in metric_names(rule["query"]):
        try:
            got = prom.query_range(f"count({name})", start, end, step)
        except PromError:
            return None, end
        times = {float(t) for t, _ in got[0]["values"]} if got else set()
        present = times if present is None else present & times
    low = [0 < v < 0.5 * thr and not math.isnan(v) for _, v in points]
    for i in range(len(points) - 1, 0, -1):
        t, v = points[i]
        if low[i] and low[i - 1] and (present is None or t in present):
            return v, t
    return None, end


def alert_condition(prom: Prom, rule: dict[str, Any], at: float) -> list[dict[str, Any]]:
    try:
        return prom.query(rule["query"], at)
    except PromError as exc:
        raise AssertionError(f"the alert's expression fails to evaluate: {exc}") from None


def evaluation_lag(prom: Prom) -> float:
    """How long a rule built on a recording rule may lag: two evaluations of the slowest group."""
    intervals = [float(g.get("interval") or 0) for g in prom.groups()]
    return min(20.0, 2 * max(intervals, default=5.0) + 2)


def condition_settles(prom: Prom, rule: dict[str, Any], want: bool, at: float,
                      timeout: float | None = None) -> bool:
    """Whether the alert's condition is (or becomes, within `timeout`) true/false.
    A rule built on a recording rule sees new data one evaluation later: allow for it."""
    deadline = time.time() + (evaluation_lag(prom) if timeout is None else timeout)
    while True:
        if bool(alert_condition(prom, rule, at)) == want:
            return True
        if time.time() > deadline:
            return False
        time.sleep(1)
        at = time.time()


def firing(prom: Prom, params: dict[str, Any]) -> list[dict[str, Any]]:
    alerts = prom.api("alerts")["alerts"]
    return [a for a in alerts if a["labels"].get("alertname") == params["alert_name"]
            and a.get("state") == "firing"]


def make_it_fire(http: Any, prom: Prom, params: dict[str, Any], budget: float = 90.0) -> str:
    """Cause errors until the alert fires in Prometheus; returns a note on failure, '' on success."""
    deadline = time.time() + budget
    rule = alert_rule(prom, params)
    label = require_label(prom, params)
    window = alert_window(prom, rule)
    ratio, at = drive_ratio(http, prom, params, label, window, high=True, budget=30)
    if ratio is None:
        return f"the check could not raise the service's error ratio over {window} high enough"
    if not condition_settles(prom, rule, True, at):
        return (f"the alert's condition stays false with {fmt_pct(ratio)} of requests failing "
                f"(threshold {params['error_threshold_pct']}%)")
    while time.time() < deadline:
        if firing(prom, params):
            return ""
        time.sleep(1)
        # keep the ratio high while `for:` runs
        ref = reference_ratio(prom, params, label, window)
        if ref is None or ref < threshold(params) * 1.3:
            drive_ratio(http, prom, params, label, window, high=True, budget=15)
    pending = [a for a in prom.api("alerts")["alerts"]
               if a["labels"].get("alertname") == params["alert_name"]]
    state = pending[0].get("state") if pending else "inactive"
    return (f"the alert's condition is true but {params['alert_name']} is still {state} after "
            f"{budget:.0f} s (`for:` is {rule.get('duration', 0):g} s)")
