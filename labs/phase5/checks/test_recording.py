"""Task recording: a recording rule holds the service's error ratio (5xx / all) over 1m.

Graded by meaning, not by spelling: the check evaluates your rule's expression and a
reference ratio computed from your counter at the same instant, after traffic with a
known share of errors, and compares the two. Any expression that computes the ratio
(rate or increase, `by (job)` or a plain sum, "5.." or "500") passes; its range must be
the task's 1 minute.

The reference is computed with the same grouping as your result (per job when your rule
keeps `job`), so series of a scrape job that was just renamed, still in the last minute,
are compared with their own ratio: the verdict does not depend on when you grade.
"""

import math
import time

import phase5_prom as p
import pytest

#: labels a rule may keep: the service's target (the task: "every label except job")
KEEPABLE = {"job", "instance"}


def _find_rule(http, host, params):
    prom = p.Prom(http)
    name = p.record_name(params)
    p.require_rules_load(host, name)
    rule = prom.rule(name, "recording")
    found = [r["name"] for r in prom.rules("recording")]
    assert rule is not None, (
        f"expected a recording rule named {name} loaded in Prometheus; its recording rules: "
        f"{', '.join(found) or 'none'}{prom.reload_note()}"
    )
    return prom, rule


@pytest.mark.points(2)
def test_recording_rule_loaded(http, host, params):
    prom, rule = _find_rule(http, host, params)
    assert rule.get("health") != "err", (
        f"the rule {rule['name']} fails when Prometheus evaluates it: {rule.get('lastError')}"
    )
    wrong = p.wrong_windows(prom, rule["query"])
    assert not wrong, (
        f"the task asks for the ratio over the last 1 minute; your rule computes it over {', '.join(wrong)} "
        f"(`{rule['query']}`): use [1m]"
    )


def _evaluated_at(prom, expr, at):
    """When the expression reads other recording rules, the instant their group last wrote
    them: evaluated there, the rule and the reference see the same raw data."""
    read = p.metric_names(expr)
    times = [p._ts(g.get("lastEvaluation")) for g in prom.groups()
             if any(r.get("type") == "recording" and r.get("name") in read for r in g.get("rules", []))]
    times = [t for t in times if t > 0]
    return max(times) if times else at


def _key(labels, keys):
    return tuple(sorted((k, labels.get(k, "")) for k in keys))


def _reference(prom, params, label, keys, at):
    """{label values: ratio over 1m} grouped like the learner's result."""
    c = p.counter_name(params)
    by = f" by ({', '.join(sorted(keys))})" if keys else ""
    err = f'sum{by} (rate({c}{{{label}=~"5.*"}}[{p.TASK_WINDOW}]))'
    tot = f"sum{by} (rate({c}[{p.TASK_WINDOW}]))"
    rows = prom.query(f"({err} or {tot} * 0) / {tot}", at)
    return {_key(r["metric"], keys): float(r["value"][1]) for r in rows
            if not math.isnan(float(r["value"][1]))}


@pytest.mark.points(5)
def test_recording_rule_is_the_error_ratio(http, host, params):
    prom, rule = _find_rule(http, host, params)
    expr = rule["query"]
    label = p.status_label(prom, params)
    assert label, (
        f"Prometheus has no {p.counter_name(params)} series with a status label to compute "
        "a ratio from: finish the tasks instrument and scrape first"
    )
    window = p.TASK_WINDOW
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
    at = _evaluated_at(prom, expr, at)
    try:
        rows = prom.query(expr, at)
    except p.PromError as exc:
        raise AssertionError(f"your rule's expression fails to evaluate: {exc}") from None
    rows = [r for r in rows if not math.isnan(float(r["value"][1]))]
    assert rows, (
        f"your rule's expression `{expr}` returns nothing while the service's error ratio "
        f"over {window} is {p.fmt_pct(ref)}"
    )
    kept = sorted({k for r in rows for k in r["metric"] if k != "__name__"} - KEEPABLE)
    assert not kept, (
        f"expected one ratio for the service (every label but job aggregated away); your rule keeps "
        f"{', '.join(kept)}, so it gives {len(rows)} series, e.g. "
        + ", ".join(f"{{{', '.join(f'{k}={v}' for k, v in r['metric'].items() if k in kept)}}} "
                    f"{float(r['value'][1]):.4f}" for r in rows[:3])
        + f" (the service's ratio is {ref:.4f}): sum by (job), or sum, before dividing"
    )
    keys = sorted({k for r in rows for k in r["metric"] if k in KEEPABLE})
    want = _reference(prom, params, label, keys, at)
    got = {_key(r["metric"], keys): float(r["value"][1]) for r in rows}
    if any(v > 1.0 for v in got.values()) and all(v <= 1.0 for v in want.values()):
        raise AssertionError(
            f"expected a ratio between 0 and 1 ({ref:.4f} right now); your rule gives "
            f"{', '.join(f'{v:.4f}' for v in got.values())} (a percentage, or a sum of rates instead of a "
            "quotient?)"
        )

    def show(k):
        return "{" + ", ".join(f"{a}={b}" for a, b in k) + "}" if k else "the service"

    wrong = [f"{show(k)}: {v:.4f}, expected {want[k]:.4f}" for k, v in got.items()
             if k in want and abs(v - want[k]) > max(0.002, 0.02 * want[k])]
    if not any(k in want for k in got):
        wrong = [f"{show(k)}: {v:.4f}, a series the service's counter does not have" for k, v in got.items()]
    assert not wrong, (
        f"expected {p.record_name(params)} to be the share of 5xx responses among all responses over the "
        f"last {window}; your rule's expression gives {'; '.join(wrong[:3])}: divide the rate of 5xx "
        "responses by the rate of all responses, both summed the same way"
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
