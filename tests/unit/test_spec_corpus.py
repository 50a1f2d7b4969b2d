"""Every invalid spec in the corpus: exit 2, a message naming file and field, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.cli.app import run

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"

# case -> what the message must name (a field path, or a file for template errors)
EXPECTED = {
    "bad-yaml": "lab.yaml:3",
    "not-a-mapping": "lab.yaml:1",
    "wrong-type-points": "field 'tasks[0].points'",
    "wrong-type-title": "field 'title'",
    "unknown-field": "field 'colour'",
    "unknown-task-field": "field 'tasks[0].pionts'",
    "missing-instructions-file": "field 'tasks[0].instructions'",
    "missing-check-file": "field 'tasks[0].checks[0]'",
    "missing-solution-file": "field 'tasks[0].solution'",
    "undefined-template-var": "compose.yaml.j2:3",
    "duplicate-task-ids": "field 'tasks[1].id'",
    "zero-points": "field 'tasks[0].points'",
    "negative-points": "field 'tasks[0].points'",
    "unknown-backend": "choose from: compose, kind, terraform",
    "generator-bad-range": "field 'parameters[0].generator'",
    "generator-unknown-kind": "field 'parameters[0].generator'",
    "generator-bad-hex-length": "field 'parameters[0].generator.length'",
    "param-no-value": "field 'parameters[0]'",
    "id-mismatch": "field 'id'",
    "no-tasks": "field 'tasks'",
    "no-backend": "field 'environment'",
    "template-syntax-error": "compose.yaml.j2:2",
    "missing-template": "nowhere.yaml.j2",
    "unknown-tool": "field 'requires'",
    "bad-port-service": "field 'environment.compose.ports'",
    "wheel-not-pinned": "lab.yaml:9 (field 'images.tools.wheels[1]'): 'locust>=2' is not a pin",
    "image-without-dockerfile": "field 'images.loadgen'): image Dockerfile 'images/loadgen/Dockerfile'",
}


def test_corpus_is_complete() -> None:
    cases = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert cases == set(EXPECTED), "every corpus folder needs an expectation, and vice versa"
    assert len(cases) >= 15


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_invalid_spec_is_rejected_clearly(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["validate", str(CORPUS / case)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 2, text
    assert "Traceback" not in text
    assert "lab.yaml" in text or ".j2" in text, f"message must name the file: {text}"
    assert EXPECTED[case] in " ".join(text.split()), text


@pytest.mark.parametrize("case", ["unknown-field", "bad-yaml", "zero-points"])
def test_up_of_invalid_lab_is_exit_2_without_engine_work(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["up", str(CORPUS / case)])
    text = " ".join((capsys.readouterr().err).split())
    assert code == 2
    assert "Traceback" not in text
    assert EXPECTED[case] in text
