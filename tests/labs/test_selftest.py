"""`labctl test` on the shipped labs, as CI must run it: a fresh env fails every task and
the reference solution scores full marks. phase1-phase3 prove it as round 0 of `labctl test
--variants` in their own test files, phase6 and phase7 inside theirs (and phase3-k8s cannot run
here: no kind), so they are not repeated."""

from __future__ import annotations

import json

import pytest

from labctl.cli.app import run

pytestmark = [pytest.mark.docker, pytest.mark.slow]


@pytest.mark.parametrize("lab", ["phase4", "phase5"])
def test_labctl_test_proves_the_lab(lab: str, docker_engine: object, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["test", lab, "--format", "json"])
    out = capsys.readouterr().out
    result = json.loads(out)["labs"][0]
    assert code == 0, f"labctl test {lab}: {result}"
    assert result["status"] == "passed" and result["problems"] == []
    assert result["fresh_score"] == 0
    assert result["solved_score"] == result["max_score"]
