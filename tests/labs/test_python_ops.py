"""python-ops graded for real: `labctl test python-ops --variants` (round 0: a fresh env fails every
task and the reference solutions score full; then every variant of labs/python-ops/variants/ gets
the verdict it declares in its own task: fabric, asyncssh, structlog, the low-level Docker API, ...
accepted; sequential fan-out, no timeout, text logs, gauges measured once, a restart without a
health check, ... rejected).

The `heal` task drives the host's Docker engine (host_docker: true): its variants and checks only
touch containers labelled with the test env's io.labctl.lab/env and the lab's ops.team label."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_every_variant_gets_its_verdict(docker_engine: object, prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    prove_with_variants("python-ops")
    counts: dict[str, Any] = variant_counts("python-ops")
    assert set(counts) == {"config", "fanout", "logging", "health", "heal", "tests"}, counts
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts
