"""Image bundles for offline classrooms, `images` commands, doctor, and the built wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from labctl.cli.app import run

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.docker
def test_images_build_list_save_load(docker_engine: Any, fixture_labs: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import shutil
    import uuid

    from labctl import images
    from labctl.spec.loader import load_lab_dir

    # A private copy with a unique input, so its image tag is ours alone to remove.
    shutil.copytree(fixture_labs / "basic", tmp_path / "labs" / "basic")
    (tmp_path / "labs" / "basic" / "images" / "app" / "stamp").write_text(uuid.uuid4().hex)
    labs = ["--labs-path", str(tmp_path / "labs")]
    assert run([*labs, "images", "build", "basic"]) == 0
    tag = images.lab_images(load_lab_dir(tmp_path / "labs" / "basic"))[0].tag
    capsys.readouterr()
    assert run(["images", "list", "--format", "json"]) == 0
    assert tag in [r["tag"] for r in json.loads(capsys.readouterr().out)]

    bundle = tmp_path / "course.tar"
    assert run([*labs, "images", "save", str(bundle), "basic"]) == 0
    manifest = json.loads(bundle.with_suffix(".tar.json").read_text())
    assert set(manifest["images"]) == {"debian:bookworm-slim", tag}
    with __import__("tarfile").open(bundle) as tar:
        repo_tags = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert {t for entry in repo_tags for t in entry["RepoTags"]} == {"debian:bookworm-slim", tag}

    docker_engine.images.remove(tag)  # the tag goes; the base stays in use by other images
    assert not images.image_exists(tag)
    try:
        assert run(["images", "load", str(bundle)]) == 0
        assert images.image_exists(tag)
    finally:
        docker_engine.images.remove(tag, force=True)


@pytest.mark.docker
def test_doctor_reports_engine_and_labs(fixture_labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--labs-path", str(fixture_labs), "doctor", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    tools = {t["name"]: t for t in report["tools"]}
    assert tools["docker"]["present"] and tools["docker"]["version"]
    assert tools["compose"]["present"]
    labs = {lab["id"]: lab for lab in report["labs"]}
    assert labs["basic"]["available"] is True


@pytest.mark.slow
def test_wheel_ships_labs_roadmaps_templates_and_terraform(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True, timeout=600,
    )
    wheel = next(tmp_path.glob("labctl_orchestrator-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("labs", "roadmaps", "templates", "terraform"):
        shipped = {n for n in names if n.startswith(f"labctl/_data/{folder}/")}
        in_repo = {
            f"labctl/_data/{folder}/{p.relative_to(REPO / folder).as_posix()}"
            for p in (REPO / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert in_repo <= shipped, f"{folder}/ files missing from the wheel: {sorted(in_repo - shipped)[:5]}"
    assert "labctl/cli/app.py" in names
    # the web UI works offline: its pages, scripts and the vendored xterm.js (with licences) ship
    static = REPO / "src" / "labctl" / "web"
    for folder in ("static", "templates"):
        in_repo = {f"labctl/web/{p.relative_to(static).as_posix()}" for p in (static / folder).rglob("*") if p.is_file()}
        assert in_repo <= set(names), f"web/{folder} files missing from the wheel: {sorted(in_repo - set(names))[:5]}"
    assert {"labctl/web/static/vendor/xterm/xterm.js", "labctl/web/static/vendor/xterm/LICENSE"} <= set(names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "labctl = labctl.cli.app:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
