"""The slo lab proven by its variants: a fresh env fails every task, the reference solutions
score full marks, every alternative-correct variant gets full points on its task and every
plausible-wrong one loses points there, with the feedback it declares (labs/slo/variants)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_slo_lab_with_its_variants(docker_engine: object, prove_with_variants: Any,
                                   variant_counts: Any) -> None:
    result = prove_with_variants("slo", "--parallel", "2")
    assert result["lab"] == "slo" and result["ok"]
    counts: dict[str, Any] = variant_counts("slo")
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts
