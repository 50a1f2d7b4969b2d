"""The offline wheelhouse for real: pip download on the host, a build that installs the wheel
with `pip install --no-index`, no rebuild when nothing changed, bundles that carry the wheels,
and the errors for an unreachable index and a pin that does not exist."""

from __future__ import annotations

import json
import shutil
import tarfile
import uuid
from pathlib import Path
from typing import Any

import pytest

from labctl import images, wheelhouse
from labctl.cli.app import run
from labctl.errors import LabctlError
from labctl.spec.loader import load_lab_dir


@pytest.fixture
def wheel_lab(fixture_labs: Path, tmp_path: Path) -> Path:
    # A private copy with a unique input, so its image tag is ours alone to remove.
    lab = tmp_path / "labs" / "wheels"
    shutil.copytree(fixture_labs / "wheels", lab)
    (lab / "images" / "py" / "stamp").write_text(uuid.uuid4().hex)
    return lab


@pytest.mark.docker
@pytest.mark.slow
def test_image_installs_pinned_wheel_offline_and_bundles_it(
    docker_engine: Any, wheel_lab: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lab = load_lab_dir(wheel_lab)
    (image,) = images.lab_images(lab)
    assert image.wheels == ("six==1.16.0",)
    shutil.rmtree(wheelhouse.root(), ignore_errors=True)
    messages: list[str] = []
    try:
        assert images.build(image, messages.append) is True
        assert any("downloading Python wheels" in m for m in messages), messages
        lock = wheelhouse.cached(image.wheels)
        assert lock is not None and [w.file for w in lock.wheels] == ["six-1.16.0-py2.py3-none-any.whl"]
        out = docker_engine.containers.run(
            image.tag, ["python", "-c", "import six, sys; print(six.__version__, sys.prefix)"], remove=True)
        assert out.decode().split() == ["1.16.0", "/opt/venv"]

        # Unchanged lab: same tag, no rebuild, no download.
        messages.clear()
        assert images.lab_images(load_lab_dir(wheel_lab))[0].tag == image.tag
        assert images.build(image, messages.append) is False
        assert not messages

        # The bundle carries the wheels; `images load` restores them into an empty wheelhouse.
        bundle = tmp_path / "course.tar"
        assert run(["--labs-path", str(wheel_lab.parent), "images", "save", str(bundle), "wheels"]) == 0
        manifest = json.loads(bundle.with_suffix(".tar.json").read_text())
        assert manifest["wheelhouse"] == [lock.key]
        with tarfile.open(bundle) as tar:
            names = tar.getnames()
        assert f"labctl-wheelhouse/locks/{lock.key}.json" in names
        assert f"labctl-wheelhouse/files/{lock.wheels[0].sha256}/{lock.wheels[0].file}" in names
        shutil.rmtree(wheelhouse.root())
        assert wheelhouse.cached(image.wheels) is None
        capsys.readouterr()
        assert run(["images", "load", str(bundle)]) == 0
        assert "Restored 1 wheel set(s)" in capsys.readouterr().out
        assert wheelhouse.cached(image.wheels) == lock
    finally:
        docker_engine.images.remove(image.tag, force=True)


def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """pip with no config files and an index where nothing listens."""
    import os

    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    for var in ("PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS"):
        monkeypatch.delenv(var, raising=False)


def test_unreachable_index_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    _offline(monkeypatch)
    shutil.rmtree(wheelhouse.root(), ignore_errors=True)
    with pytest.raises(LabctlError) as info:
        wheelhouse.ensure(["six==1.16.0"], what="image 'py' of lab wheels")
    err = info.value
    assert err.exit_code == 1
    assert "PyPI cannot be reached" in err.message, err.message
    assert "labctl images load" in (err.hint or "")


@pytest.mark.docker
def test_pin_that_does_not_exist(capsys: pytest.CaptureFixture[str], wheel_lab: Path) -> None:
    spec = wheel_lab / "lab.yaml"
    spec.write_text(spec.read_text().replace("six==1.16.0", "six==99.0.0"))
    code = run(["--labs-path", str(wheel_lab.parent), "images", "build", "wheels"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "no wheel of six==99.0.0" in err and "1.16.0" in err, err
    assert "images.<name>.wheels" in err, err
