"""Task dashboard: a Grafana-format dashboard whose every panel query returns data.

The check reads dashboards/service-overview.json from the workspace (a plain
dashboard or the API's {"dashboard": {...}} wrapper; rows and nested panels are
followed), runs every query against Prometheus (after traffic of its own), and
requires data from each, plus panels that cover traffic, latency, errors and the host.
"""

import json
import re
import time

import phase5_prom as p
import pytest

FILE = "dashboards/service-overview.json"
BUILTINS = {
    "__rate_interval": "1m", "__interval": "15s", "__range": "15m", "__range_s": "900",
    "__interval_ms": "15000", "__range_ms": "900000",
}


def _load(env):
    path = env.workspace / FILE
    if not path.exists():
        others = sorted((env.workspace / "dashboards").glob("*.json"))
        assert len(others) == 1, f"expected your dashboard in {FILE}; it does not exist"
        path = others[0]
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise AssertionError(f"{FILE} is not valid JSON: {exc}") from None
    if isinstance(doc, dict) and isinstance(doc.get("dashboard"), dict):
        doc = doc["dashboard"]
    assert isinstance(doc, dict), f"expected a JSON object (a dashboard) in {FILE}"
    return doc


def _panels(doc):
    out = []

    def walk(panels):
        for panel in panels or []:
            if not isinstance(panel, dict):
                continue
            if panel.get("type") == "row":
                walk(panel.get("panels"))
                continue
            exprs = [t.get("expr", "") for t in panel.get("targets") or []
                     if isinstance(t, dict) and not t.get("hide") and str(t.get("expr", "")).strip()]
            out.append((str(panel.get("title") or "").strip(), exprs))
            walk(panel.get("panels"))

    walk(doc.get("panels"))
    return out


def _variables(doc):
    values = dict(BUILTINS)
    for var in (doc.get("templating") or {}).get("list") or []:
        current = (var.get("current") or {}).get("value")
        if isinstance(current, list):
            current = current[0] if len(current) == 1 else "|".join(current)
        if var.get("name") and current not in (None, ""):
            values[var["name"]] = ".*" if current in ("$__all", "All") else str(current)
    return values


def _substitute(expr, values):
    def repl(m):
        name = m.group(1) or m.group(2) or m.group(3)
        if name not in values:
            raise AssertionError(f"a query uses the dashboard variable ${name}, which has no "
                                 f"current value in the dashboard's templating: {expr}")
        return values[name]

    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)", repl, expr)


@pytest.mark.points(2)
def test_dashboard_has_panels(env):
    doc = _load(env)
    panels = _panels(doc)
    with_query = [(t, e) for t, e in panels if e]
    assert len(with_query) >= 4, (
        f"expected at least 4 panels with a PromQL query in {FILE}; found {len(with_query)}"
    )
    untitled = [e[0] for t, e in with_query if not t]
    assert not untitled, f"every panel needs a title; the panel for `{untitled[0]}` has none"


@pytest.mark.points(3)
def test_dashboard_covers_the_service_and_the_host(env, params):
    doc = _load(env)
    exprs = [e for _, es in _panels(doc) for e in es]
    counter, hist, record = p.counter_name(params), p.histogram_name(params), p.record_name(params)
    needs = {
        f"request rate from {counter}": any(counter in e for e in exprs),
        f"a latency percentile: histogram_quantile over {hist}_bucket": any(
            "histogram_quantile" in e and f"{hist}_bucket" in e for e in exprs),
        f"the error ratio ({record}, or 5xx / all)": any(
            record in e or (counter in e and re.search(r'=~?\s*"5', e)) for e in exprs),
        "a host metric from node-exporter (node_...)": any(re.search(r"\bnode_\w+", e) for e in exprs),
    }
    missing = [what for what, ok in needs.items() if not ok]
    assert not missing, f"expected panels showing {'; '.join(missing)}; your dashboard has none"


@pytest.mark.points(5)
def test_every_panel_shows_data(env, http, params):
    doc = _load(env)
    panels = [(t, es) for t, es in _panels(doc) if es]
    assert panels, f"expected panels with PromQL queries in {FILE}; found none"
    values = _variables(doc)
    prom = p.Prom(http)
    after = p.traffic(http, ok=30, fail=1)
    prom.settle(params, after)
    empty = []
    for title, exprs in panels:
        for expr in exprs:
            q = _substitute(expr, values)
            try:
                rows = prom.query(q)
            except p.PromError as exc:
                raise AssertionError(f"panel '{title}': the query `{expr}` is not valid PromQL: {exc}") from None
            if not rows:
                now = time.time()
                try:
                    rows = prom.query_range(q, now - 900, now, 15)
                except p.PromError:
                    rows = []
            if not rows:
                empty.append(f"'{title}' (`{expr}`)")
    assert not empty, f"these panels show no data in Prometheus: {'; '.join(empty)}"
