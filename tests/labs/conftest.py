"""Shared by the lab tests: prove a lab with `labctl test LAB --variants`, as a lab author would."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from labctl.cli.app import run

Prove = Callable[..., dict[str, Any]]


@pytest.fixture
def prove_with_variants(capsys: pytest.CaptureFixture[str]) -> Prove:
    """`prove_with_variants("phase1")`: run `labctl test LAB --variants --format json` and fail with
    every surprise, round problem and flaky check spelled out; returns the lab's JSON report."""
    return lambda lab, *extra: _prove(lab, capsys, *extra)


def _prove(lab: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code = run(["test", lab, "--variants", "--format", "json", *extra])
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
