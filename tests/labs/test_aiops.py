"""aiops graded for real: `labctl test aiops --variants` (round 0: a fresh env fails every task and
the reference solutions score full; then every variant of labs/aiops/variants/ gets the verdict it
declares in its own task). Every round has its own random seed, so the variants are proven on
histories generated from several seeds: a wrong variant must be wrong whatever the seed, a correct
one right whatever the seed."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_every_variant_gets_its_verdict(docker_engine: object, prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    prove_with_variants("aiops")
    counts: dict[str, Any] = variant_counts("aiops")
    assert set(counts) == {"pull", "detect", "classify", "forecast", "alert"}, counts
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts
