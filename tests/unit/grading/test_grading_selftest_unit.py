"""`labctl test` on a machine without a lab's tools: unavailable, not failed (no Docker needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.core import selftest
from labctl.spec.loader import load_lab_dir
from labctl.state import Store


def test_labs_needing_missing_tools_are_unavailable(
    fixture_labs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = load_lab_dir(fixture_labs / "basic")
    monkeypatch.setattr(selftest, "missing_tools", lambda spec: ["kind", "kubectl"])

    def no_up(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unavailable lab must not be brought up")

    monkeypatch.setattr(selftest.lifecycle, "up", no_up)
    result = selftest.self_test(Store(tmp_path / "state.db"), lab)
    assert result.status == "unavailable" and result.ok
    assert result.missing == ["kind", "kubectl"]
    assert result.to_dict()["problems"] == ["this machine lacks kind, kubectl"]
