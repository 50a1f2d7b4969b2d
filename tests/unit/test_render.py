"""Rendering is deterministic and matches the golden files (LABCTL_UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from labctl.core.validate import render_lab
from labctl.errors import SpecError
from labctl.spec.loader import load_lab_dir

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"


def _rendered(lab_dir: Path, out: Path) -> dict[str, str]:
    render_lab(load_lab_dir(lab_dir), out)
    return {
        p.relative_to(out).as_posix(): p.read_text()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_basic_lab_matches_golden(fixture_labs: Path, tmp_path: Path) -> None:
    files = _rendered(fixture_labs / "basic", tmp_path)
    golden = GOLDEN / "basic"
    if os.environ.get("LABCTL_UPDATE_GOLDEN"):
        for rel, text in files.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_text(text)
    expected = {p.relative_to(golden).as_posix(): p.read_text() for p in golden.rglob("*") if p.is_file()}
    assert files == expected


def test_rendering_is_deterministic(fixture_labs: Path, tmp_path: Path) -> None:
    a = _rendered(fixture_labs / "basic", tmp_path / "a")
    b = _rendered(fixture_labs / "basic", tmp_path / "b")
    assert a == b


def test_compose_gets_labels_ports_and_limits(fixture_labs: Path, tmp_path: Path) -> None:
    import yaml

    render_lab(load_lab_dir(fixture_labs / "basic"), tmp_path)
    doc = yaml.safe_load((tmp_path / "compose.yaml").read_text())
    web = doc["services"]["web"]
    assert web["labels"]["io.labctl.lab"] == "basic"
    assert web["labels"]["io.labctl.env"] == "render"
    assert web["ports"] == ["127.0.0.1:20000:8080/tcp"]
    assert web["mem_limit"] == "256m" and web["pids_limit"] == 200
    assert doc["networks"]["default"]["labels"]["io.labctl.lab"] == "basic"
    assert doc["volumes"]["srv"]["labels"]["io.labctl.env"] == "render"


def test_workspace_templates_are_rendered(fixture_labs: Path, tmp_path: Path) -> None:
    render_lab(load_lab_dir(fixture_labs / "basic"), tmp_path)
    text = (tmp_path / "workspace" / "README.md").read_text()
    assert "your greeting is hello" in text


def test_undefined_variable_names_template_and_line(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"
    with pytest.raises(SpecError) as err:
        render_lab(load_lab_dir(corpus / "undefined-template-var"), tmp_path)
    assert err.value.file.endswith("compose.yaml.j2") and err.value.line == 3
