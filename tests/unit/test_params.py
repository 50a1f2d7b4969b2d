from __future__ import annotations

from pathlib import Path

import pytest

from labctl import params
from labctl.errors import UserInputError
from labctl.spec.loader import load_lab_dir


@pytest.fixture
def spec(fixture_labs: Path):  # type: ignore[no-untyped-def]
    return load_lab_dir(fixture_labs / "basic").spec


def test_same_seed_same_values(spec) -> None:  # type: ignore[no-untyped-def]
    a = params.resolve(spec, "seed-1", free_port=lambda: 1234)
    b = params.resolve(spec, "seed-1", free_port=lambda: 1234)
    assert a == b


def test_students_get_different_values(spec) -> None:  # type: ignore[no-untyped-def]
    seeds = [params.derive_seed("class-seed", f"s{i}") for i in range(10)]
    values = [params.resolve(spec, s, free_port=lambda: 1)["token"] for s in seeds]
    assert len(set(values)) == 10
    assert params.derive_seed("c", "alice") == params.derive_seed("c", "alice")
    assert params.derive_seed("c", "alice") != params.derive_seed("c", "bob")


def test_generated_values_respect_generators(spec) -> None:  # type: ignore[no-untyped-def]
    for i in range(50):
        v = params.resolve(spec, f"s{i}", free_port=lambda: 40000)
        assert str(v["greeting"]).startswith("hi-")
        assert 100 <= int(v["magic"]) <= 999
        assert v["color"] in ("red", "green", "blue")
        assert len(str(v["token"])) == 8 and int(str(v["token"]), 16) >= 0
        assert v["spare_port"] == 40000
        assert v["verbose"] is False


def test_no_seed_uses_defaults(spec) -> None:  # type: ignore[no-untyped-def]
    v = params.resolve(spec, None)
    assert v["greeting"] == "hello" and v["magic"] == 42 and v["color"] == "blue"
    assert isinstance(v["spare_port"], int)  # generator without default: deterministic placeholder
    assert v == params.resolve(spec, None)


def test_overrides_are_coerced_and_checked(spec) -> None:  # type: ignore[no-untyped-def]
    v = params.resolve(spec, "s", overrides={"magic": "7", "verbose": "yes"}, free_port=lambda: 1)
    assert v["magic"] == 7 and v["verbose"] is True
    with pytest.raises(UserInputError, match="must be an int"):
        params.resolve(spec, "s", overrides={"magic": "seven"})
    with pytest.raises(UserInputError, match="unknown parameter 'nope'"):
        params.resolve(spec, "s", overrides={"nope": "1"})
