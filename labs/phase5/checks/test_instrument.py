"""Task instrument: the service counts requests by status and times them with a histogram.

Graded on the service's own /metrics before and after traffic the check sends itself:
30 successful requests and 1 failing one (a low error ratio, so later checks start calm).
"""

import phase5_prom as p
import pytest

OK, FAIL = 30, 1
HOME = 12


def _family(types, samples, name, suffixes):
    return [(n, labels, v) for n, labels, v in samples if n in [name + s for s in suffixes]]


@pytest.fixture(scope="module")
def scraped(http):
    before = p.parse_metrics(p.scrape_app(http))
    p.traffic(http, ok=OK, fail=FAIL)
    after = p.parse_metrics(p.scrape_app(http))
    return before, after


def _by_status(samples, name):
    """{status code: summed value} of a counter, plus the status label used."""
    rows = [(labels, v) for n, labels, v in samples if n == name]
    label = next((lb for lb in p.STATUS_LABELS if any(lb in labels for labels, _ in rows)), None)
    out = {}
    for labels, v in rows:
        code = (labels.get(label, "") if label else "").split(" ")[0]
        out[code] = out.get(code, 0.0) + v
    return label, out, rows


@pytest.mark.points(2)
def test_metrics_endpoint(http):
    text = p.scrape_app(http)
    assert "# TYPE" in text, (
        "expected /metrics to serve Prometheus' text format (lines like '# TYPE ...'); "
        f"it served: {text[:80]!r}"
    )


@pytest.mark.points(5)
def test_request_counter_by_status(scraped, params):
    (_, before), (types, after) = scraped
    name = p.counter_name(params)
    family = name.removesuffix("_total")
    assert any(n == name for n, _, _ in after), (
        f"expected a counter {name} on /metrics; found metrics: "
        + (", ".join(sorted(t for t in types if not t.startswith(("python_", "process_")))) or "none of yours")
    )
    kind = types.get(family) or types.get(name)
    assert kind == "counter", f"expected {name} to be a counter; /metrics declares it a {kind}"
    label, now, rows = _by_status(after, name)
    assert label is not None, (
        f"expected {name} to have a 'status' label holding the HTTP status code; "
        f"its labels are: {', '.join(sorted({k for labels, _ in rows for k in labels})) or 'none'}"
    )
    _, then, _ = _by_status(before, name)
    delta = {code: now.get(code, 0.0) - then.get(code, 0.0) for code in now}
    errors, oks = delta.get("500", 0.0), delta.get("200", 0.0)
    assert errors == FAIL, (
        f"the check made {FAIL} request(s) that answered HTTP 500; "
        f"{name}{{{label}=\"500\"}} went up by {errors:g}"
    )
    assert OK <= oks <= OK + 40, (
        f"the check made {OK} requests that answered HTTP 200; "
        f"{name}{{{label}=\"200\"}} went up by {oks:g}"
    )


@pytest.mark.points(5)
def test_latency_histogram(scraped, params):
    (_, before), (types, after) = scraped
    name = p.histogram_name(params)
    kind = types.get(name)
    assert kind is not None, (
        f"expected a histogram {name} on /metrics; it is not there"
    )
    assert kind == "histogram", (
        f"expected {name} to be a histogram (with _bucket series, so percentiles can be "
        f"computed in PromQL); /metrics declares it a {kind}"
    )

    def total(samples, suffix):
        return sum(v for n, _, v in samples if n == name + suffix)

    count = total(after, "_count") - total(before, "_count")
    total_s = total(after, "_sum") - total(before, "_sum")
    assert OK + FAIL <= count <= OK + FAIL + 40, (
        f"the check made {OK + FAIL} requests to /api/orders; {name}_count went up by {count:g}"
    )
    inf = sum(v for n, labels, v in after if n == name + "_bucket" and labels.get("le") == "+Inf")
    assert inf == total(after, "_count"), (
        f"expected {name}_bucket{{le=\"+Inf\"}} to equal {name}_count; found {inf:g} and "
        f"{total(after, '_count'):g}"
    )
    mean = total_s / count if count else 0.0
    assert 0.003 <= mean <= 5, (
        f"/api/orders takes 10-60 ms, so the mean observed duration should be a few hundredths "
        f"of a second; it is {mean:g} s (record seconds, not milliseconds, measured around "
        "the whole request)"
    )


@pytest.mark.points(1)
def test_every_endpoint_is_counted(http, params):
    """Not only /api/orders: the home page `/` is one of the service's endpoints too."""
    import requests

    name = p.counter_name(params)
    before = sum(v for n, _, v in p.parse_metrics(p.scrape_app(http))[1] if n == name)
    home = http.url("app", "/")
    with requests.Session() as s:
        codes = [s.get(home, timeout=10).status_code for _ in range(HOME)]
    after = sum(v for n, _, v in p.parse_metrics(p.scrape_app(http))[1] if n == name)
    assert after - before >= HOME, (
        f"the check requested / {HOME} times (HTTP {codes[0]}); {name} went up by {after - before:g}: count every "
        "request to the service, not only /api/orders (Flask's before/after_request hooks, or WSGI middleware)"
    )
