"""Task bluegreen: `/deploy/bin/switch COLOR` moves the shop between blue and green with
no failed request.

The check drives the switch itself, under load: eight clients request the shop through
lb's published port, one fresh connection per request, while the check runs `switch` to
the other color and, after a while, back. Every request must succeed; within 10 s of each
switch returning (a reload completes asynchronously) the responses must come from the
chosen color, 20 in a row, and from then on every one of them. Any way of switching that keeps serving passes: rewriting an include
and `nginx -s reload`, a map variable, a symlink swap, HAProxy's runtime API or a reload.
"""

from __future__ import annotations

import time
from typing import Any

import _deploy as d
import pytest

WARM = 0.6  # load before the first switch
HOLD = 1.5  # load after each switch has taken effect
MOVE_TIMEOUT = 10.0  # seconds a switch may take to take effect after the script returned
RUN = 20  # responses in a row from the chosen color that show the switch took effect


def took_effect(load: d.Load, color: str, after: float) -> float | None:
    """When every response began coming from `color` (the start of RUN successful responses in a
    row from it, after `after`), waiting up to MOVE_TIMEOUT; None if it never did."""
    deadline = after + MOVE_TIMEOUT
    while True:
        recent = sorted(load.between(after), key=lambda x: x.start)[-RUN:]
        if len(recent) == RUN and all(x.ok and x.instance == color for x in recent):
            return recent[0].start
        if time.time() > deadline:
            return None
        time.sleep(0.1)


def _scenario(host: Any, http: Any) -> dict[str, Any]:
    d.require_scripts(host, "switch")
    fleet = d.Fleet(host)
    fleet.ensure_running(d.COLORS)
    target = d.address(http, "shop")
    instances = {x.instance for x in d.converged(target, key="instance", n=30) if x.ok}
    if instances == {"green"}:
        first, second = "green", "blue"
    else:
        first, second = "blue", "green"
        if instances != {"blue"}:
            run = d.run_script(host, "switch blue", limit=30)
            samples = d.converged(target, key="instance", n=30)
            if {x.instance for x in samples if x.ok} != {"blue"} or d.failures(samples):
                raise AssertionError(
                    f"the shop should send every request to blue after `switch blue` ({run.describe()}); "
                    f"it answered from: {d.spread(samples)}"
                )
    with d.Load(target) as load:
        time.sleep(WARM)
        there = d.run_script(host, f"switch {second}", limit=30)
        there_at = took_effect(load, second, there.end)
        time.sleep(HOLD)
        back = d.run_script(host, f"switch {first}", limit=30)
        back_at = took_effect(load, first, back.end)
        time.sleep(HOLD)
    return {"first": first, "second": second, "load": load, "there": there, "back": back,
            "there_at": there_at, "back_at": back_at, "fleet": fleet.status()}


def scenario(host: Any, http: Any) -> dict[str, Any]:
    return d.once("bluegreen", lambda: _scenario(host, http))


def _moved(s: dict[str, Any]) -> tuple[bool, str]:
    """Did all traffic follow both switches? (ok, what was wrong)."""
    load: d.Load = s["load"]
    there, back = s["there"], s["back"]
    legs = ((there, s["second"], s["there_at"], back.start), (back, s["first"], s["back_at"], float("inf")))
    for run, color, at, until in legs:
        if run.rc != 0:
            return False, f"{run.describe()}; it should exit 0 once the shop is on {color}"
        if at is None:
            return False, (f"within {MOVE_TIMEOUT:g} s after `switch {color}` returned, the shop should answer "
                           f"every request from {color}; it answered from: "
                           f"{d.spread(load.between(run.end + MOVE_TIMEOUT - 2, run.end + MOVE_TIMEOUT))}")
        stray = [x for x in load.between(at, until) if not x.ok or x.instance != color]
        if stray:
            return False, (f"after `switch {color}` took effect, the shop still answered from: "
                           f"{d.spread(load.between(at, until))}; every request should reach {color}")
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
    samples = d.converged(d.address(http, "shop"), key="instance", n=30)
    assert run.rc != 0, "`switch purple` exited 0; a color other than blue or green must be refused (non-zero exit)"
    instances = {x.instance for x in samples if x.ok}
    assert instances == {s["first"]} and not d.failures(samples), (
        f"after the refused `switch purple` the shop should still answer from {s['first']} only; "
        f"it answered from: {d.spread(samples)}"
        + (f", and {len(d.failures(samples))} of 30 requests failed" if d.failures(samples) else "")
    )
