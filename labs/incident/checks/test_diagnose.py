"""Task diagnose: the cause (fault class and component) in the incident record, backed by
a PromQL query that shows it and a log line the shop really logged during the incident."""

import json

import _incident as lab
import pytest

BASELINE_LEAD = 5  # seconds before the injection: the healthy moment evidence is compared with


@pytest.fixture
def shop(host, http, env, params):
    return lab.Lab(host, http, env, params)


def cause(env):
    doc = lab.read_record(env)
    section = doc.get("cause")
    if not isinstance(section, dict):
        raise AssertionError(f"expected a `cause:` section in /lab/{lab.RECORD} (fault, component, metric, log)")
    return section


@pytest.mark.points(5)
def test_fault_and_component(shop, env, params):
    shop.require_incident()
    section = cause(env)
    said_fault = section.get("fault")
    fault = lab.canonical_fault(said_fault)
    choices = ", ".join(lab.FAULT_NAMES)
    assert fault is not None, f"`cause.fault:` should be one of {choices}; the record says {said_fault!r}"
    want = lab.expected_fault(params)
    assert fault == want, (
        f"`cause.fault: {said_fault}` is not what broke: look again at the internals (the API's dependency "
        "metrics, the machines' disks and links, its configuration release) and their logs")
    said_component = section.get("component")
    component = lab.canonical_component(said_component)
    assert component is not None, (
        f"`cause.component:` should be a link (web-api, api-db, api-cache) or a machine (web, api, db, "
        f"cache); the record says {said_component!r}")
    want_component = lab.expected_component(params)
    assert component == want_component, (
        f"the fault is right, but `cause.component: {said_component}` is not where it sits"
        + (": which link carries the slow or lost traffic? compare the API's time per dependency with the "
           "front's upstream time" if want in ("latency", "loss") else ""))


@pytest.mark.points(5)
def test_metric_evidence(shop, env):
    rec = shop.require_incident()
    section = cause(env)
    metric = section.get("metric")
    assert isinstance(metric, dict) and str(metric.get("query") or "").strip(), (
        "expected `cause.metric:` with `query:` (PromQL) and `at:` (when it shows the incident)")
    query = str(metric["query"]).strip()
    at = lab.parse_time(metric.get("at"), "cause.metric.at")
    names = lab.metric_names(query)
    internal = sorted(n for n in names if not lab.symptom_metric(n))
    assert internal, (
        f"the query reads only what customers see or the alerts ({', '.join(sorted(names)) or 'no metric'}): "
        "find a metric of the system's internals that shows the cause")
    page = shop.first_page(rec)
    end = (page or {}).get("resolved_ts") or 4102444800
    assert rec["injected_at"] <= at <= end, (
        f"`at: {lab.iso(at)}` is not during the incident, which began at about {lab.iso(rec['injected_at'])}"
        + (f" and resolved at {lab.iso(end)}" if end < 4102444800 else ""))
    try:
        during = shop.query(query, at)
        before = shop.query(query, rec["injected_at"] - BASELINE_LEAD)
    except lab.PromError as exc:
        raise AssertionError(f"Prometheus cannot run the query `{query}`: {exc}") from None
    assert during, f"the query `{query}` returns no data at {lab.iso(at)}"
    assert lab.differs(during, before), (
        f"the query `{query}` returns the same at {lab.iso(at)} as just before the incident began "
        f"({lab.iso(rec['injected_at'] - BASELINE_LEAD)}): {_fmt(during)} vs {_fmt(before)}; evidence must show "
        "the change")


def _fmt(result):
    items = [f"{k if k != '{}' else ''}={v:g}" for k, v in list(result.items())[:3]]
    return "; ".join(items) + (" ..." if len(result) > 3 else "")


FIND_LINE = r"""
import json, os, sys
line, sizes = sys.argv[1], json.loads(sys.argv[2])
for root, _, files in os.walk("/var/log"):
    for name in files:
        path = os.path.join(root, name)
        try:
            with open(path, "rb") as fh:
                fh.seek(sizes.get(path, 0))
                data = fh.read().decode("utf-8", "replace")
        except OSError:
            continue
        if any(line in ln for ln in data.splitlines()):
            print(path)
            sys.exit(0)
sys.exit(1)
"""


@pytest.mark.points(5)
def test_log_evidence(shop, env, host):
    rec = shop.require_incident()
    section = cause(env)
    log = section.get("log")
    assert isinstance(log, dict), "expected `cause.log:` with `service:` and `line:`"
    service = lab.canonical_service(log.get("service"))
    assert service in lab.SHOP_HOSTS, (
        f"`cause.log.service:` should be the machine that logged the line: web, api, db or cache; the record "
        f"says {log.get('service')!r}")
    line = str(log.get("line") or "").strip()
    assert len(line) >= 12, "`cause.log.line:` should be a whole log line, copied exactly"
    sizes = rec["log_sizes"].get(service, {})
    r = host(service).run("python3 -c %s %s %s", FIND_LINE, line, json.dumps(sizes))
    assert r.rc == 0, (
        f"the line is not in what {service} logged under /var/log after the incident began "
        f"({lab.iso(rec['injected_at'])}): copy a line exactly, from the machine you name, logged during "
        f"the incident; the record has: {line[:160]}")
