"""report: the capacity report's fields, derived from the learner's own capacity_rps."""

import math
from fractions import Fraction

import pytest

import _slo as lab


def _capacity(env):
    data = lab.report(env)
    capacity = lab.number(data, "capacity_rps")
    assert capacity > 0, f"capacity_rps should be a positive rate, found {capacity:g}"
    return data, capacity


def test_latency_sli_at_capacity(env, params):
    data, capacity = _capacity(env)
    sli = lab.number(data, "latency_sli_at_capacity")
    assert 0 <= sli <= 1, (
        f"latency_sli_at_capacity should be a fraction between 0 and 1 (0.97 for 97%), found {sli:g}")
    target = int(params["latency_target"]) / 100
    assert sli >= target, (
        f"latency_sli_at_capacity is {sli:g}, below the {target:g} the latency SLO needs: at your "
        f"capacity_rps ({capacity:g}) the SLO must still hold")


@pytest.mark.points(2)
def test_headroom(env, params):
    data, capacity = _capacity(env)
    peak = int(params["peak_rps"])
    headroom = lab.number(data, "headroom_pct")
    expected = (capacity - peak) / peak * 100
    assert abs(headroom - expected) <= 1.0, (
        f"headroom_pct is {headroom:g}; with capacity_rps {capacity:g} and a peak of {peak} requests per "
        f"second it is (capacity - peak) / peak x 100 = {expected:.1f}")


@pytest.mark.points(2)
def test_instances_for_peak(env, params):
    data, capacity = _capacity(env)
    peak = int(params["peak_rps"])
    instances = lab.number(data, "instances_for_peak")
    expected = math.ceil(Fraction(peak) / (Fraction(4, 5) * Fraction(str(capacity))))
    floats = math.ceil(peak / (0.8 * capacity))  # the same sum in floating point may round across
    assert instances in (expected, floats), (
        f"instances_for_peak is {instances:g}; serving {peak} requests per second with every instance at "
        f"most at 80% of {capacity:g} needs {expected}")
