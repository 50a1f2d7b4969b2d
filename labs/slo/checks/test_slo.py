"""slo: the objective as a recorded constant, and the error budget left over the SLO's
1-hour window equal to the truth at every instant Prometheus recorded it (the hour holds an
incident from before the lab started, so the 1-hour and 1-minute answers differ)."""

import pytest

import _slo as lab


def test_objective(http, params):
    record = f"{params['service']}:slo_availability:objective"
    lab.find_rule(http, "recording", record)
    value = lab.scalar(http, record)
    assert value is not None, f"{record} should be one series; it returns {len(lab.query(http, record))}"
    target = lab.objective(params)
    assert abs(value - target) < 1e-9, (
        f"{record} is {value:g}; the availability objective is {params['availability_target']}%, "
        f"which as a ratio is {target:g}")


@pytest.mark.points(2)
@pytest.mark.timeout(60)
def test_error_budget_remaining(http, params):
    record = f"{params['service']}:error_budget:remaining_ratio"
    lab.find_rule(http, "recording", record)
    lab.compare_record(http, record, lab.budget_truth(params), tol=0.03, since=0,
                       what="the share of the 1-hour error budget left")
