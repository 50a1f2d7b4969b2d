"""The slo lab proven: a fresh env fails every task and the reference solutions score full
marks (`labctl test slo`, in CI); with its variants (labs/slo/variants) under
`make test-variants`.

Why the variants are not in `make test`: the capacity task measures the shop under real load
from the learner's load generator. Two slo envs grading at once on 2 cores (the variant runner
runs rounds in parallel) starve each other's load generators, so the reference capacity comes
out over 20% low and `capacity/coarse-then-fine-steps` does too (measured 2026-12-05: round 0
failed with 2 envs at once, passed alone). Until the capacity checks are independent of the
machine's speed (as the load-test check already is), they are proven one env at a time."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from labctl.cli.app import run

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_labctl_test_proves_the_slo_lab(docker_engine: object, capsys: pytest.CaptureFixture[str],
                                        variant_counts: Any) -> None:
    code = run(["test", "slo", "--format", "json"])
    result = json.loads(capsys.readouterr().out)["labs"][0]
    assert code == 0, f"labctl test slo: {result}"
    assert result["status"] == "passed" and result["problems"] == []
    assert result["fresh_score"] == 0 and result["solved_score"] == result["max_score"]
    counts: dict[str, Any] = variant_counts("slo")
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts


@pytest.mark.skipif(os.environ.get("LABCTL_TEST_VARIANTS", "").strip().lower() != "all",
                    reason="slo's capacity checks need one env at a time on 2 cores: its variants run under "
                    "`make test-variants` (see this module's docstring)")
def test_slo_lab_with_its_variants(docker_engine: object, prove_with_variants: Any) -> None:
    result = prove_with_variants("slo", "--parallel", "1")
    assert result["lab"] == "slo" and result["ok"]
