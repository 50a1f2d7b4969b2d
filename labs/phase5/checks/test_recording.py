"""Task recording: a recording rule holds the service's error ratio (5xx / all) over 1m.

Graded by meaning, not by spelling: the check evaluates your rule's expression and a
reference ratio computed from your counter at the same instant, after traffic with a
known share of errors, and compares the two. Any expression that computes the ratio
(rate or increase, `by (job)` or a plain sum, "5.." or "500") passes.
"""

import math
import time

import phase5_prom as p
import pytest


def _find_rule(http, params):
    prom = p.Prom(http)
    name = p.record_name(params)
    rule = prom.rule(name, "recording")
    found = [r["name"] for r in prom.rules("recording")]
    assert rule is not None, (
        f"expected a recording rule named {name} loaded in Prometheus; its recording rules: "
        f"{', '.join(found) or 'none'}{prom.reload_note()}"
    )
    return prom, rule


@pytest.mark.points(2)
def test_recording_rule_loaded(http, params):
    _, rule = _find_rule(http, params)
    assert rule.get("health") != "err", (
        f"the rule {rule['name']} fails when Prometheus evaluates it: {rule.get('lastError')}"
    )


@pytest.mark.points(5)
def test_recording_rule_is_the_error_ratio(http, params):
    prom, rule = _find_rule(http, params)
    expr = rule["query"]
    label = p.status_label(prom, params)
    assert label, (
        f"Prometheus has no {p.counter_name(params)} series with a status label to compute "
        "a ratio from: finish the tasks instrument and scrape first"
    )
    window = (p.windows(expr) or ["1m"])[0]
    ref, deadline = None, time.time() + 45
    while (ref is None or ref <= 0) and time.time() < deadline:
        # a brand-new series needs two scrapes before rate() sees it: send more until it does
        after = p.traffic(http, ok=40 if ref is None else 10, fail=1)
        at = prom.settle(params, after)
        ref = p.reference_ratio(prom, params, label, window, at)
    assert ref is not None and ref > 0, (
        "the service's error ratio cannot be computed from Prometheus' data yet (no failed "
        "request scraped twice): try grading again in a few seconds"
    )
    try:
        got = prom.values(expr, at)
    except p.PromError as exc:
        raise AssertionError(f"your rule's expression fails to evaluate: {exc}") from None
    got = [v for v in got if not math.isnan(v)]
    assert got, (
        f"your rule's expression `{expr}` returns nothing while the service's error ratio "
        f"over {window} is {p.fmt_pct(ref)}"
    )
    if any(v > 1.0 for v in got) and ref <= 1.0:
        raise AssertionError(
            f"expected a ratio between 0 and 1 ({ref:.4f}); your rule gives {got[0]:.4f} "
            "(a percentage, or a sum of rates instead of a quotient?)"
        )
    bad = [v for v in got if abs(v - ref) > max(0.002, 0.02 * ref)]
    assert not bad, (
        f"expected {p.record_name(params)} to be the share of 5xx responses among all responses "
        f"over {window}, {ref:.4f} right now; your rule's expression gives "
        f"{', '.join(f'{v:.4f}' for v in got[:4])} ({len(got)} series): sum away every label "
        "before dividing"
    )
    recorded = prom.query(p.record_name(params))
    deadline = time.time() + 15
    while not recorded and time.time() < deadline:
        time.sleep(1)
        recorded = prom.query(p.record_name(params))
    assert recorded, (
        f"the rule's expression is right, but no {p.record_name(params)} series is recorded "
        "yet: is its rule group evaluated (check `interval`)?"
    )
