"""Helpers for the terraform unit tests (no terraform, no emulator, no network)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def fake_terraform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Put a stand-in `terraform` reporting `version` first on PATH (and nothing else)."""

    def make(version: str) -> Path:
        bindir = tmp_path / f"bin-{version}"
        bindir.mkdir()
        script = bindir / "terraform"
        script.write_text("#!/bin/sh\necho '" + json.dumps({"terraform_version": version}) + "'\n")
        script.chmod(0o755)
        monkeypatch.setenv("PATH", str(bindir))
        return script

    return make
