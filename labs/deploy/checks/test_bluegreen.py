"""Task bluegreen: `/deploy/bin/switch COLOR` moves the shop between blue and green with
no failed request.

The check drives the switch itself, under load: eight clients request the shop through
lb's published port, one fresh connection per request, while the check runs `switch` to
the other color and, after a while, back. Every request must succeed; from a second after
each switch returned (the load balancer's reload settles) every response must come from
the chosen color. Any way of switching that keeps serving passes: rewriting an include
and `nginx -s reload`, a map variable, a symlink swap, HAProxy's runtime API or a reload.
"""

from __future__ import annotations

import time
from typing import Any

import _deploy as d
import pytest

WARM = 0.6  # load before the first switch
HOLD = 1.6  # load after each switch (SETTLE of it is the reload settling)


def _scenario(host: Any, http: Any) -> dict[str, Any]:
    d.require_scripts(host, "switch")
    fleet = d.Fleet(host)
    fleet.ensure_running(d.COLORS)
    target = d.address(http, "shop")
    _versions, instances, _failed = d.live(target, 30)
    if set(instances) == {"green"}:
        first, second = "green", "blue"
    else:
        first, second = "blue", "green"
        if set(instances) != {"blue"}:
            run = d.run_script(host, "switch blue", limit=30)
            time.sleep(d.SETTLE)
            _v, instances, _f = d.live(target, 30)
            if set(instances) != {"blue"}:
                raise AssertionError(
                    f"the shop should send every request to blue after `switch blue` ({run.describe()}); "
                    f"it answered from: {d.spread(d.measure(target, 30))}"
                )
    with d.Load(target) as load:
        time.sleep(WARM)
        there = d.run_script(host, f"switch {second}", limit=30)
        time.sleep(HOLD)
        back = d.run_script(host, f"switch {first}", limit=30)
        time.sleep(HOLD)
    return {"first": first, "second": second, "load": load, "there": there, "back": back,
            "fleet": fleet.status()}


def scenario(host: Any, http: Any) -> dict[str, Any]:
    return d.once("bluegreen", lambda: _scenario(host, http))


def _moved(s: dict[str, Any]) -> tuple[bool, str]:
    """Did all traffic follow both switches? (ok, what was wrong)."""
    load: d.Load = s["load"]
    there, back = s["there"], s["back"]
    after_there = load.between(there.end + d.SETTLE, back.start)
    after_back = load.between(back.end + d.SETTLE)
    for run, color, samples in ((there, s["second"], after_there), (back, s["first"], after_back)):
        ok = [x for x in samples if x.ok]
        if run.rc != 0:
            return False, f"{run.describe()}; it should exit 0 once the shop is on {color}"
        if not ok or any(x.instance != color for x in ok):
            return False, (f"after `switch {color}` (and a second to settle) every request should reach "
                           f"{color}; the shop answered from: {d.spread(samples)}")
    return True, ""


@pytest.mark.points(3)
def test_switch_moves_all_traffic(host, http):
    ok, why = _moved(scenario(host, http))
    assert ok, why


@pytest.mark.points(4)
def test_no_failed_request_during_switch(host, http):
    s = scenario(host, http)
    ok, why = _moved(s)
    assert ok, f"the switch did not move the traffic, so it cannot be judged for dropped requests: {why}"
    load: d.Load = s["load"]
    total = len(load.samples)
    bad = d.failures(load.samples)
    assert not bad, (
        f"{d.describe_failures(load.samples, total)} while the shop switched {s['first']} → {s['second']} "
        f"→ {s['first']}; a switch must keep serving (reload, don't restart or stop the load balancer)"
    )


@pytest.mark.points(1)
def test_old_color_keeps_running(host, http):
    s = scenario(host, http)
    ok, why = _moved(s)
    assert ok, f"the switch did not move the traffic: {why}"
    status = s["fleet"]
    down = [c for c in d.COLORS if status[c]["state"] != "ready"]
    assert not down, (
        f"after the switches {', '.join(down)} was {status[down[0]]['state']}: switch should only move "
        "traffic and leave both colors running (the old one is your instant rollback)"
    )


@pytest.mark.points(2)
def test_unknown_color_changes_nothing(host, http):
    s = scenario(host, http)
    ok, why = _moved(s)
    assert ok, f"the switch did not move the traffic: {why}"
    run = d.run_script(host, "switch purple", limit=30)
    time.sleep(d.SETTLE)
    target = d.address(http, "shop")
    samples = d.measure(target, 30)
    assert run.rc != 0, f"`switch purple` exited 0; a color other than blue or green must be refused (non-zero exit)"
    instances = {x.instance for x in samples if x.ok}
    assert instances == {s["first"]} and not d.failures(samples), (
        f"after the refused `switch purple` the shop should still answer from {s['first']} only; "
        f"it answered from: {d.spread(samples)}"
        + (f", and {len(d.failures(samples))} of 30 requests failed" if d.failures(samples) else "")
    )
