"""The aiops lab's disk histories (labs/aiops/images/aiops/lab/gen.py) plant the same shapes for
every seed, so a forecast method gets the same verdict whatever the learner's seed: `data` grows
along one line for all ten days (never clamped at an empty disk), `backups` was fuller before a
cleanup at least 4.5 days ago, and only the trend since the cleanup reaches the planted time."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from support import load_module

GEN = load_module(Path(__file__).resolve().parents[2] / "labs" / "aiops" / "images" / "aiops" / "lab" / "gen.py",
                  "aiops_gen")
END = 1_796_000_000
DAY = 86400


def fit(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Least squares slope and intercept."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return slope, my - slope * mx


def disks(seed: int) -> tuple[object, dict[str, list[float]]]:
    gen = GEN.Gen(seed, END + seed * 3607 % DAY)  # ends at every hour of the day
    gen.disks()
    used = {labels["volume"]: values for name, labels, values, _ in gen.series if name == "lab_disk_used_bytes"}
    return gen, used


@pytest.mark.parametrize("seed", range(0, 40))
def test_every_seed_plants_the_same_shapes(seed: int) -> None:
    gen, used = disks(seed)
    truth = gen.truth["disks"]  # type: ignore[attr-defined]
    times: list[int] = gen.times  # type: ignore[attr-defined]
    end: int = gen.end  # type: ignore[attr-defined]
    data, cap = used["data"], truth["data"]["capacity"]
    assert min(data) > 0.03 * cap and max(data) < cap  # one line all along: never empty, never full
    backups, bcap = used["backups"], truth["backups"]["capacity"]
    assert max(backups) < 0.95 * bcap and min(backups) > 0.03 * bcap
    steps = [(t, b - a) for t, a, b in zip(times[1:], backups[:-1], backups[1:], strict=True)]
    cut, drop = min(steps, key=lambda s: s[1])  # the cleanup: the one big fall
    assert drop < -0.1 * bcap and end - cut >= 4.5 * DAY - 60
    left = truth["backups"]["full_at"] - end
    tolerance = max(12 * 3600, 0.15 * left)  # as checks/test_forecast.py grades
    for points, right in (([(t, u) for t, u in zip(times, backups, strict=True) if t > end - 3 * DAY], True),
                          (list(zip(times, backups, strict=True)), False)):
        slope, icpt = fit(points)
        when = (bcap - icpt) / slope
        assert (abs(when - truth["backups"]["full_at"]) <= tolerance) is right, (right, (when - end) / 3600, left / 3600)
