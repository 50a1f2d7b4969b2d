"""sli: two recording rules, each one series for the whole shop, equal to the true SLI over
1m at every instant Prometheus recorded it.

To tell the threshold's bucket from its neighbours, the check first has the shop answer a
share of requests just over the threshold for a few seconds (a slow-down, no errors)."""

import time

import pytest

import _slo as lab


@pytest.fixture(scope="module")
def slowed(http):
    """Since when the recorded samples include a known slow-down."""
    start = time.time()
    lab.fault(http, slow_rate=0.5, seconds=6)
    time.sleep(8)
    return start + 8  # samples recorded from now on have the slow requests in their window


@pytest.mark.points(2)
@pytest.mark.timeout(90)
def test_availability_sli(http, params, slowed):
    record = f"{params['service']}:sli_availability:ratio_rate1m"
    lab.find_rule(http, "recording", record)
    lab.compare_record(http, record, lab.availability_truth(params, "1m"), tol=0.005, since=slowed,
                       what="the share of requests over the last minute that did not fail (not 5xx)")


@pytest.mark.points(2)
@pytest.mark.timeout(90)
def test_latency_sli(http, params, slowed):
    record = f"{params['service']}:sli_latency:ratio_rate1m"
    lab.find_rule(http, "recording", record)
    lab.compare_record(http, record, lab.latency_truth(params, "1m"), tol=0.01, since=slowed,
                       what=f"the share of requests over the last minute answered within "
                            f"{params['latency_threshold_ms']} ms")
