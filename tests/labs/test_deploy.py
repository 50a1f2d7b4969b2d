"""deploy (deployment strategies) graded for real: `labctl test deploy --variants` (round 0: a fresh
env fails every task and the reference solutions score full; then every variant of
labs/deploy/variants/ gets the verdict it declares in its own task: a HAProxy switch, a
split_clients canary, a retry-on-503 rolling update... accepted; a restarting switch, a 50%
canary, a /healthz-only watch, an all-at-once update... rejected).

The statistics the canary check relies on and the release-log parser are tested here directly
(no Docker): they decide verdicts, so their numbers must hold.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

LAB = Path(__file__).resolve().parents[2] / "labs" / "deploy"


def _checks_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, LAB / "checks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


d = _checks_module("_deploy")


def _steps_offered() -> list[int]:
    spec = yaml.safe_load((LAB / "lab.yaml").read_text())
    param = next(p for p in spec["parameters"] if p["name"] == "canary_steps")
    return sorted({int(x) for choice in param["generator"]["choices"] for x in choice.split()} - {100})


def _inside(percent: int, true_share: float, n: int = 500) -> float:
    """P(a binomial(n, true_share) count falls inside the band for `percent`)."""
    low, high = d.share_band(percent, n)
    return sum(d._binomial_pmf(n, k, true_share) for k in range(low, high + 1))


def _outside(percent: int, true_share: float, n: int = 500) -> float:
    """P(a binomial(n, true_share) count falls outside the band for `percent`)."""
    low, high = d.share_band(percent, n)
    return sum(d._binomial_pmf(n, k, true_share) for k in range(n + 1) if k < low or k > high)


@pytest.mark.parametrize("percent", range(1, 100))
def test_canary_band_almost_never_fails_a_correct_random_split(percent: int) -> None:
    # at most 1e-7 on each side, so at most 2e-7 per step and 8e-7 for a four-step walk
    assert _outside(percent, percent / 100) <= 2e-7


def test_canary_band_numbers_in_the_docs() -> None:
    assert d.share_band(10) == (19, 88)
    assert d.share_band(0) == (0, 0) and d.share_band(100) == (500, 500)
    # a canary that sends 50% when 10% is asked passes with probability below 1e-50
    assert _inside(10, 0.5) < 1e-50
    # every step the lab offers excludes a canary that sends nothing, and one that sends all
    for percent in _steps_offered():
        low, high = d.share_band(percent)
        assert low > 0 and high < 500, percent


def test_canary_bands_in_the_task_text_match_the_check() -> None:
    text = (LAB / "tasks" / "canary.md").read_text()
    for percent in _steps_offered():
        low, high = d.share_band(percent)
        assert f'{percent}: "{low} to {high}"' in text, percent


def test_release_log_lines_are_read_as_the_task_text_says() -> None:
    log = "\n".join([
        "# The shop's release log",
        "2024-05-02T09:14:07Z v1 ops initial release",
        "",
        "2024-05-02T10:00:00+02:00 v7 ci-ana promoted on green",
        '{"time": "2024-05-03T08:00:00.250000+00:00", "version": "v8", "who": "bob", "note": "x"}',
        "1714723200 v9 carol rollback of v10",
        "Fri May  3 08:00:00 UTC 2024 v11 dave",
    ])
    entries = d.parse_log(log)
    assert [(e.version, e.who) for e in entries] == [
        ("v1", "ops"), ("v7", "ci-ana"), ("v8", "bob"), ("v9", "carol"), ("May", "3")]
    assert entries[0].time == 1714641247.0
    assert entries[1].time == 1714636800.0            # +02:00 taken into account
    assert entries[2].time == pytest.approx(1714723200.25)
    assert entries[3].time == 1714723200.0
    assert entries[4].time is None                    # date's default format is no ISO 8601


def test_every_task_has_enough_variants() -> None:
    spec = yaml.safe_load((LAB / "lab.yaml").read_text())
    for task in (t["id"] for t in spec["tasks"]):
        heads = [p.read_text() for p in (LAB / "variants" / task).glob("*.sh")]
        passing = sum("\n# expect: pass" in h for h in heads)
        assert passing >= 3 and len(heads) - passing >= 4, (task, passing, len(heads) - passing)


@pytest.mark.docker
@pytest.mark.slow
def test_every_variant_gets_its_verdict(docker_engine: object, prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    prove_with_variants("deploy")
    counts: dict[str, Any] = variant_counts("deploy")
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts


def test_no_math_domain_surprises_at_the_edges() -> None:
    # a share of 1% or 99% still yields a band inside 0..n, and log1p handles p near 1
    for percent in (1, 99):
        low, high = d.share_band(percent)
        assert 0 <= low <= high <= 500
    assert math.isclose(sum(d._binomial_pmf(500, k, 0.99) for k in range(501)), 1.0, rel_tol=1e-9)
