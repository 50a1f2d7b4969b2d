"""capacity: capacity_rps in the report is within 15% below the shop's true capacity (and not
above it, where the latency SLO no longer holds), and Prometheus saw the shop loaded to at
least 90% of that rate: the number was measured, not guessed."""

import pytest

import _slo as lab


@pytest.mark.points(3)
def test_capacity_found(env, params):
    claimed = lab.number(lab.report(env), "capacity_rps")
    true = int(params["capacity_rps"])
    assert claimed <= 1.05 * true, (
        f"at {claimed:g} requests per second the shop no longer meets its latency SLO "
        f"({params['latency_target']}% within {params['latency_threshold_ms']} ms): your capacity is too high")
    assert claimed >= 0.85 * true, (
        f"the shop still meets its latency SLO well above {claimed:g} requests per second: your capacity "
        "is more than 15% too low (measure in smaller steps, up to where the SLO breaks)")


def test_capacity_was_measured(env, http, params):
    claimed = lab.number(lab.report(env), "capacity_rps")
    peak = lab.scalar(http, f"max_over_time(sum(rate({lab.total(params)}[20s]))[6h:5s])") or 0.0
    assert peak >= 0.9 * claimed, (
        f"Prometheus never saw the shop at {claimed:g} requests per second (its highest rate over 20 s "
        f"was {peak:.1f}): load-test it at the rate you report")
