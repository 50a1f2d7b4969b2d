"""phase5 (observability) graded for real: `labctl test phase5 --variants` (round 0: a fresh env fails
every task and the reference solutions score full; then every variant of labs/phase5/variants/ gets
the verdict it declares in its own task). Variants express everything this lab needs proven."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_every_variant_gets_its_verdict(docker_engine: object, prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    prove_with_variants("phase5")
    counts: dict[str, Any] = variant_counts("phase5")
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts
