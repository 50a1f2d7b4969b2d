"""phase3 (containers) graded for real: `labctl test phase3 --variants` (round 0: a fresh env fails
every task and the reference solutions score full; then every variant of labs/phase3/variants/ gets
the verdict it declares in its own task). The learner drives the host's Docker engine: every round's
own Compose project and image are removed by labs/phase3/variants/_teardown.sh, the rest by `down`."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_every_variant_gets_its_verdict(docker_engine: object, prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    prove_with_variants("phase3", "--parallel", "4")
    counts: dict[str, Any] = variant_counts("phase3")
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts
