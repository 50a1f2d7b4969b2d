from __future__ import annotations

import json
from pathlib import Path

import pytest

from labctl.spec.loader import discover, find_lab, load_lab_dir
from labctl.spec.models import LabSpec
from labctl.spec.schema import lab_schema_text

REPO = Path(__file__).resolve().parents[2]


def test_committed_schema_matches_models() -> None:
    committed = (REPO / "docs" / "lab.schema.json").read_text()
    assert committed == lab_schema_text(), "run `make schema` and commit docs/lab.schema.json"


def test_schema_names_every_top_level_field() -> None:
    schema = json.loads(lab_schema_text())
    assert set(schema["properties"]) == set(LabSpec.model_fields)
    assert schema["additionalProperties"] is False


def test_fixture_lab_loads_with_every_feature(fixture_labs: Path) -> None:
    lab = load_lab_dir(fixture_labs / "basic")
    spec = lab.spec
    assert spec.max_score == 10
    kinds = {p.generator.kind for p in spec.parameters if p.generator}
    assert kinds == {"word", "int", "choice", "hex", "port"}
    assert spec.tasks[1].solution is not None and spec.tasks[1].solution.run_in == "web"
    assert spec.tasks[0].solution is not None and spec.tasks[0].solution.run_in == "workspace"


def test_every_shipped_lab_is_valid() -> None:
    from labctl.core.validate import validate_lab

    labs = discover([REPO / "labs"])
    for path in labs.values():
        validate_lab(load_lab_dir(path))


def test_search_path_lab_wins_over_builtin(tmp_path: Path, fixture_labs: Path) -> None:
    import shutil

    shutil.copytree(fixture_labs / "basic", tmp_path / "basic")
    found = discover([tmp_path, fixture_labs])
    assert found["basic"] == tmp_path / "basic"


def test_labs_path_env_var(monkeypatch: pytest.MonkeyPatch, fixture_labs: Path) -> None:
    from labctl import paths

    monkeypatch.setenv("LABCTL_LABS_PATH", str(fixture_labs))
    assert paths.labs_search_path()[0] == fixture_labs
    assert find_lab("basic").path == (fixture_labs / "basic").resolve()


def test_unknown_lab_names_close_matches(fixture_labs: Path) -> None:
    from labctl.errors import NotFoundError

    with pytest.raises(NotFoundError, match="Did you mean: basic"):
        find_lab("basik", [fixture_labs])


@pytest.mark.parametrize(
    ("param", "error"),
    [
        ({"name": "x", "type": "int", "generator": {"kind": "word"}}, "makes strings"),
        ({"name": "x", "type": "str", "generator": {"kind": "port"}}, "makes ints"),
        ({"name": "x", "type": "int", "default": "ten"}, "not of type int"),
        ({"name": "x", "type": "bool", "generator": {"kind": "choice", "choices": [1]}}, "bool"),
        ({"name": "Bad-Name", "default": 1}, "pattern"),
    ],
)
def test_parameter_rules(param: dict[str, object], error: str) -> None:
    from pydantic import ValidationError

    from labctl.spec.models import Parameter

    with pytest.raises(ValidationError, match=error):
        Parameter.model_validate(param)
