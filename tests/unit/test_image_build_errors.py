"""Build failures name their real cause: a Dockerfile step, or the engine's network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labctl import docker_engine, images
from labctl.errors import LabctlError

BRIDGE_GONE = ("failed to create endpoint hungry_kirch on network bridge: adding interface veth39cd78e to "
               "bridge docker0 failed: could not find bridge docker0: route ip+net: no such network interface")


class _Images:
    def __init__(self, exc: Exception):
        self.exc = exc

    def build(self, **_: Any) -> None:
        raise self.exc


class _Client:
    def __init__(self, exc: Exception):
        self.images = _Images(exc)


def _build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, exc: Exception) -> LabctlError:
    monkeypatch.setattr(images, "image_exists", lambda tag: False)
    monkeypatch.setattr(images, "ensure_base", lambda progress: None)
    monkeypatch.setattr(docker_engine, "has_default_bridge", lambda: True)
    monkeypatch.setattr(docker_engine, "client", lambda: _Client(exc))
    image = images.LabImage("phase9", "web", tmp_path, "abc")
    with pytest.raises(LabctlError) as info:
        images.build(image, lambda msg: None)
    return info.value


def test_a_failing_step_points_at_the_dockerfile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from docker.errors import BuildError

    log = [{"stream": "Step 2/3 : RUN apt-get install -y nosuchpkg\n"},
           {"stream": "E: Unable to locate package nosuchpkg\n"}]
    err = _build(monkeypatch, tmp_path, BuildError("The command '/bin/sh -c apt-get install -y nosuchpkg' "
                                                   "returned a non-zero code: 100", log))
    assert err.hint == f"Check {tmp_path / 'Dockerfile'}."
    assert "nosuchpkg" in (err.details or "")


def test_a_missing_bridge_is_blamed_on_the_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from docker.errors import BuildError

    log = [{"stream": "Step 2/3 : RUN apt-get update\n"}, {"stream": " ---> Running in 1f2e3d\n"}]
    err = _build(monkeypatch, tmp_path, BuildError(BRIDGE_GONE, log))
    assert err.hint == docker_engine.BRIDGE_HINT
    assert "not the lab's Dockerfile" in str(err) and "docker0" in str(err)
    assert "Check" not in (err.hint or "").split(":")[0]


def test_a_missing_bridge_reported_by_the_api_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from docker.errors import APIError

    err = _build(monkeypatch, tmp_path, APIError("500 Server Error", explanation=BRIDGE_GONE))
    assert err.hint == docker_engine.BRIDGE_HINT


@pytest.mark.parametrize("text, engine", [
    (BRIDGE_GONE, True),
    ("failed to create endpoint x on network bridge: failed to add the host (veth1) <=> sandbox (veth2) "
     "pair interfaces: operation not supported.", True),
    ("The command '/bin/sh -c false' returned a non-zero code: 1", False),
    ("COPY failed: file not found in build context", False),
])
def test_network_failure(text: str, engine: bool) -> None:
    assert docker_engine.network_failure(text) is engine
