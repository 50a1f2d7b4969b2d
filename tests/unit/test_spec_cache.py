"""Validated specs are cached by the bytes of lab.yaml: never stale, never in the way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from labctl import paths
from labctl.errors import SpecError
from labctl.spec.loader import load_lab_dir


def test_a_cached_spec_is_used_and_an_edit_is_revalidated(fixture_labs: Path, tmp_path: Path) -> None:
    lab_dir = tmp_path / "basic"
    shutil.copytree(fixture_labs / "basic", lab_dir)
    first = load_lab_dir(lab_dir).spec
    entries = list((paths.cache_dir() / "specs").glob("*.pickle"))
    assert entries
    assert load_lab_dir(lab_dir).spec == first  # from the cache
    spec_file = lab_dir / "lab.yaml"
    spec_file.write_text(spec_file.read_text().replace("points: 4", "points: 0"))
    with pytest.raises(SpecError, match=r"tasks\[0\]\.points"):
        load_lab_dir(lab_dir)  # the edited file is validated again, not read from the cache


def test_a_damaged_cache_entry_is_ignored(fixture_labs: Path, tmp_path: Path) -> None:
    lab_dir = tmp_path / "basic"
    shutil.copytree(fixture_labs / "basic", lab_dir)
    spec = load_lab_dir(lab_dir).spec
    for entry in (paths.cache_dir() / "specs").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert load_lab_dir(lab_dir).spec == spec
