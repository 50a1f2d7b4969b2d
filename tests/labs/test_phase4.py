"""phase4 (Terraform + Ansible) graded for real: `labctl test phase4 --variants` (round 0: a fresh env
fails every task and the reference solutions score full; then every variant of labs/phase4/variants/
gets the verdict it declares in its own task). Variants express everything this lab needs proven."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.terraform, pytest.mark.slow]


def test_every_variant_gets_its_verdict(docker_engine: object, prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    prove_with_variants("phase4")
    counts: dict[str, Any] = variant_counts("phase4")
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts
