"""The slo lab proven by its variants: a fresh env fails every task, the reference solutions
score full marks, every alternative-correct variant gets full points on its task and every
plausible-wrong one loses points there, with the feedback it declares (labs/slo/variants)."""

from __future__ import annotations

import json

import pytest

from labctl.cli.app import run

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_slo_lab_with_its_variants(docker_engine: object, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["test", "slo", "--variants", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0, out[-4000:]
    result = json.loads(out)
    text = json.dumps(result)
    assert "slo" in text
