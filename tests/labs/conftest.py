"""Shared by the lab tests: prove a lab with `labctl test LAB --variants`, as a lab author would.

How many variants `make test` runs is a time budget: LABCTL_TEST_VARIANTS=all runs every variant
of every lab (`make test-variants`, over an hour on 2 cores); a number N (CI's default: 2) runs
round 0 (a fresh env fails every task, the reference solutions score full) plus as many variants
as fit in N rounds, tasks taking turns, correct and wrong in turn, picked by
LABCTL_TEST_VARIANTS_KEY (default "ci": the same sample every run; set it to a commit id to
rotate the sample through all variants over time)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest

from labctl.cli.app import run
from labctl.core.variants import count_by_task
from labctl.spec.loader import find_lab
from labctl.spec.variants import load_variants

CI_ROUNDS = "2"


def budget() -> list[str]:
    """The `labctl test --variants` options that apply the run's variant budget."""
    wanted = os.environ.get("LABCTL_TEST_VARIANTS", CI_ROUNDS).strip().lower()
    if wanted == "all":
        return []
    if not wanted.isdigit():
        raise pytest.UsageError(f"LABCTL_TEST_VARIANTS={wanted!r}: say 'all' or a number of rounds")
    return ["--max-rounds", wanted, "--sample-key", os.environ.get("LABCTL_TEST_VARIANTS_KEY", "ci")]


@pytest.fixture
def variant_counts() -> Callable[[str], dict[str, dict[str, int]]]:
    """`variant_counts("phase1")`: task -> how many correct and wrong variants the lab has (its
    files, whatever the run's budget)."""
    return _variant_counts


def _variant_counts(lab_id: str) -> dict[str, dict[str, int]]:
    lab = find_lab(lab_id)
    return count_by_task(load_variants(lab.path, lab.spec), [t.id for t in lab.spec.tasks])

Prove = Callable[..., dict[str, Any]]


@pytest.fixture
def prove_with_variants(capsys: pytest.CaptureFixture[str]) -> Prove:
    """`prove_with_variants("phase1")`: run `labctl test LAB --variants --format json` and fail with
    every surprise, round problem and flaky check spelled out; returns the lab's JSON report."""
    return lambda lab, *extra: _prove(lab, capsys, *extra)


def _prove(lab: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code = run(["test", lab, "--variants", "--format", "json", *budget(), *extra])
    captured = capsys.readouterr()
    try:
        result: dict[str, Any] = json.loads(captured.out)["labs"][0]
    except (ValueError, KeyError, IndexError):
        pytest.fail(f"labctl test {lab} --variants printed no report (exit {code}): {captured.err[-3000:]}")
    problems = [*result["selftest"], *(p for r in result["rounds"] for p in r["problems"])]
    surprises = [f"{s['task']}/{s['name']} (expect {s['expect']}): {s['problem']}; feedback: {s['feedback']}"
                 for s in result["surprises"]]
    flaky = [f"{f['task']}::{f['check']} in round {f['round']}: {f['verdicts']}" for f in result["flaky"]]
    assert code == 0 and result["ok"], "\n".join([*problems, *surprises, *flaky]) or captured.err[-3000:]
    return result
