"""The slo lab's shop goes by the sustained arrival rate (labs/slo/images/slo/slomodel.py): the
capacity a learner measures with any load generator is the `capacity_rps` the check expects."""

from __future__ import annotations

from pathlib import Path

from support import load_module

MODEL = load_module(Path(__file__).resolve().parents[2] / "labs" / "slo" / "images" / "slo" / "slomodel.py",
                    "slo_slomodel")


def rates_seen(arrivals: list[float], after: float) -> list[float]:
    meter = MODEL.ArrivalRate()
    seen = [(t, meter.add(t)) for t in sorted(arrivals)]
    return [rate for t, rate in seen if t >= after]


def test_lockstep_users_count_as_the_load_they_send() -> None:
    # 60 Locust users spawned at once at 14 requests per second in all fire together every
    # 60/14 s; the everyday users add 5 per second, evenly: 19 per second, below a capacity of 24.
    bursts = [i * 60 / 14 for i in range(30) for _ in range(60)]
    everyday = [i / 5 for i in range(5 * 128)]
    seen = rates_seen(bursts + everyday, after=20)
    assert max(seen) < 24, max(seen)  # the old median of 2 s slices read 35 here
    assert abs(sum(seen) / len(seen) - 19) < 19 * 0.1


def test_steady_load_reads_its_rate_and_old_arrivals_leave_the_window() -> None:
    steady = [i / 22 for i in range(22 * 30)]  # 22 per second for 30 s
    seen = rates_seen(steady, after=12)
    assert all(abs(rate - 22) <= 0.2 for rate in seen), (min(seen), max(seen))
    meter = MODEL.ArrivalRate()
    for t in steady:
        meter.add(t)
    assert meter.rate(30 + meter.window) == 0
