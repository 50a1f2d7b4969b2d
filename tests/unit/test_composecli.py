"""Which Compose CLI labctl drives: v2 by default where installed, v1 otherwise, or as forced."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from labctl.backends import composecli
from labctl.errors import PrerequisiteError, UserInputError


@pytest.fixture
def clis(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, bool]]:
    present = {"v2": True, "v1": True}
    monkeypatch.setattr(composecli, "has_v2", lambda: present["v2"])
    monkeypatch.setattr(composecli, "has_v1", lambda: present["v1"])
    composecli._command.cache_clear()
    yield present
    composecli._command.cache_clear()


@pytest.mark.parametrize(("choice", "v2", "v1", "expected"), [
    ("auto", True, True, composecli.V2), ("auto", False, True, composecli.V1), ("", True, False, composecli.V2),
    ("v1", True, True, composecli.V1), ("V2", True, True, composecli.V2), ("v2", True, False, composecli.V2),
])
def test_choice(clis: dict[str, bool], monkeypatch: pytest.MonkeyPatch, choice: str, v2: bool, v1: bool,
                expected: tuple[str, ...]) -> None:
    clis.update(v2=v2, v1=v1)
    monkeypatch.setenv(composecli.COMPOSE_ENV, choice)
    assert composecli.compose_command() == expected


@pytest.mark.parametrize(("choice", "v2", "v1", "says"), [
    ("v2", False, True, "LABCTL_COMPOSE=v2"), ("v1", True, False, "LABCTL_COMPOSE=v1"),
    ("auto", False, False, "neither"),
])
def test_missing_cli_says_what_to_install(clis: dict[str, bool], monkeypatch: pytest.MonkeyPatch, choice: str,
                                          v2: bool, v1: bool, says: str) -> None:
    clis.update(v2=v2, v1=v1)
    monkeypatch.setenv(composecli.COMPOSE_ENV, choice)
    with pytest.raises(PrerequisiteError, match=says) as caught:
        composecli.compose_command()
    assert caught.value.hint


def test_a_bad_choice_is_bad_input(clis: dict[str, bool], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(composecli.COMPOSE_ENV, "v3")
    with pytest.raises(UserInputError, match="auto, v2, v1"):
        composecli.compose_command()
