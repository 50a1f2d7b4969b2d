"""burnrate: the alert's behaviour, with faults the check injects into the shop:
quiet under normal traffic, quiet through a 3-second blip of errors, firing within a minute
of an outage (every request fails), and stopping within 30 s of the outage's end.

One scenario per grading (a module fixture) observes all four; each check reads its part.
Before it starts, it waits until no injected error is left in the alert's 1-minute window
(at most 65 s, after someone tried their alert with the fault switch)."""

import time

import pytest

import _slo as lab

LONG_WINDOW = 60
BLIP_SECONDS = 3
BLIP_WATCH = 20
FIRE_WITHIN = 60
STOP_WITHIN = 30


def _watch(http, name, seconds, until=None):
    """Poll the alert's state every second; return (states seen, seconds until `until` held)."""
    seen = []
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        state = lab.alert_state(http, name)
        seen.append(state)
        if until is not None and until(state):
            return seen, time.monotonic() - start
        time.sleep(1)
    return seen, None


@pytest.fixture(scope="module")
def scenario(http, env):
    name = env.params["alert_name"]
    rule = lab.find_rule(http, "alerting", name)
    out = {"rule": rule}
    # No injected errors left in the long window (a load test that ran before only dilutes
    # errors: the blip stays quieter, and the outage still fires well within the minute).
    seen = lab.stats(http)
    wait = seen["last_error_fault_end"] + LONG_WINDOW + 5 - seen["now"]
    if wait > 0:
        time.sleep(min(wait, LONG_WINDOW + 5))
    try:
        out["normal"], _ = _watch(http, name, 6)
        lab.fault(http, error_rate=1, seconds=BLIP_SECONDS)
        out["blip"], _ = _watch(http, name, BLIP_WATCH)
        lab.fault(http, error_rate=1, seconds=FIRE_WITHIN + 30)
        _, out["fired_after"] = _watch(http, name, FIRE_WITHIN, until=lambda s: s == "firing")
        lab.fault(http)
        if out["fired_after"] is not None:
            _, out["stopped_after"] = _watch(http, name, STOP_WITHIN, until=lambda s: s != "firing")
    finally:
        lab.fault(http)
    return out


@pytest.mark.timeout(240)
def test_quiet_under_normal_traffic(scenario, params):
    assert "firing" not in scenario["normal"], (
        f"{params['alert_name']} fires under normal traffic (about 0.1% errors): it should page only when "
        "the error budget burns fast")


@pytest.mark.timeout(240)
def test_quiet_through_a_blip(scenario, params):
    assert "firing" not in scenario["blip"], (
        f"{params['alert_name']} fired on a {BLIP_SECONDS}-second blip of errors; the 1-minute window "
        "should keep it quiet, since a blip burns almost no budget")


@pytest.mark.points(2)
@pytest.mark.timeout(240)
def test_fires_on_an_outage(scenario, params):
    assert scenario["fired_after"] is not None, (
        f"{params['alert_name']} did not fire within {FIRE_WITHIN} s of an outage in which every request "
        f"failed (its expression: {scenario['rule'].get('query', '?')}, for: "
        f"{scenario['rule'].get('duration', 0)} s)")


@pytest.mark.timeout(240)
def test_stops_soon_after_the_outage(scenario, params):
    assert scenario["fired_after"] is not None, (
        f"{params['alert_name']} never fired during the outage, so it cannot be seen to stop")
    assert scenario.get("stopped_after") is not None, (
        f"{params['alert_name']} was still firing {STOP_WITHIN} s after the outage ended; the short "
        "window should let it stop soon after the errors do")
