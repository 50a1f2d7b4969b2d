"""The slo lab proven: a fresh env fails every task and the reference solutions score full
marks (`labctl test slo`, in CI); with its variants (labs/slo/variants) under
`make test-variants`.

Why the variants are not in `make test`: time. Each capacity variant loads the shop for 1 to
3 minutes, and they run one at a time so that two Locust runs do not share the 2 cores: the
capacity task's 8 variants alone took 12 min (2026-12-05, all passed), more than CI's budget
leaves. Their old flakiness (the reference capacity and `coarse-then-fine-steps` over 20% low)
was not the machine's speed but the shop reading lockstep Locust users as more load than they
sent; labs/slo/CHECKS.md (capacity) has the cause and tests/unit/test_slo_shop_rate.py the
proof."""

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
                    reason="slo's variants take over 12 min one at a time, more than CI's budget leaves: they run "
                    "under `make test-variants` (see this module's docstring)")
def test_slo_lab_with_its_variants(docker_engine: object, prove_with_variants: Any) -> None:
    result = prove_with_variants("slo", "--parallel", "1")
    assert result["lab"] == "slo" and result["ok"]
