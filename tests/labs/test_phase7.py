"""phase7 (DevSecOps) graded for real: `labctl test phase7 --variants` (round 0: a fresh env fails every
task and the reference solutions score full; then every variant of labs/phase7/variants/ gets the
verdict it declares in its own task). What variants cannot express stays here: `down` removes the
learner's own compose project too (its containers, network and built images carry the env's labels),
and the lab's OpenBao keeps nothing after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labctl.testing import LabEnv

pytestmark = [pytest.mark.docker, pytest.mark.terraform, pytest.mark.slow]


def test_every_variant_gets_its_verdict(docker_engine: object, prove_with_variants: Any,
                                      variant_counts: Any) -> None:
    prove_with_variants("phase7")
    counts: dict[str, Any] = variant_counts("phase7")
    assert all(c["correct"] >= 3 and c["wrong"] >= 4 for c in counts.values()), counts


def test_down_leaves_nothing(docker_engine: Any) -> None:
    with LabEnv("phase7") as lab:
        lab.solve("harden")  # the learner's service project runs, its image built
        labels = ["io.labctl.lab=phase7", f"io.labctl.env={lab.env}"]
        running = docker_engine.containers.list(filters={"label": labels})
        assert {c.labels.get("com.docker.compose.service") for c in running} >= {"api", "toolbox", "openbao"}
        workdir = lab.workdir
        lab.close()
        lab.down()
    for kind in ("containers", "networks", "volumes", "images"):
        collection = getattr(docker_engine, kind)
        found = collection.list(**({"all": True} if kind == "containers" else {}), filters={"label": labels})
        assert not found, f"labctl down left {kind}: {found}"
    assert not Path(workdir).exists()
