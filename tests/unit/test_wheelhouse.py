"""Wheelhouse logic without the network or Docker: pins, keys, targets, staging, bundles, errors."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from pydantic import ValidationError

from labctl import images, wheelhouse
from labctl.errors import CommandFailed, LabctlError
from labctl.spec.models import ImageSpec, pin_name


@pytest.mark.parametrize("pin", ["locust==2.47.0", "Flask_Login==0.6.3", "uvicorn[standard]==0.30.1",
                                 "pkg==1.0rc1", "a==1!2.0+local"])
def test_pins_accepted(pin: str) -> None:
    assert ImageSpec(wheels=[pin]).wheels == [pin]


@pytest.mark.parametrize("pin", ["locust", "locust>=2.0", "locust==2.*", "locust==2.47 ; python_version<'3.12'",
                                 "https://example.org/x.whl", "==1.0", "locust===2.47.0"])
def test_unpinned_rejected_with_the_field(pin: str) -> None:
    with pytest.raises(ValidationError) as info:
        ImageSpec(wheels=["six==1.16.0", pin])
    err = info.value.errors()[0]
    assert err["loc"] == ("wheels", 1)
    assert "name==version" in err["msg"]


def test_same_project_twice_rejected() -> None:
    with pytest.raises(ValidationError, match="'flask-login' is pinned twice"):
        ImageSpec(wheels=["Flask_Login==0.6.3", "flask-login==0.6.2"])


def test_lock_key_ignores_order_and_spelling_but_not_versions_or_target() -> None:
    x86 = wheelhouse.Target(arch="x86_64")
    key = wheelhouse.lock_key(["locust==2.47.0", "Flask_Login==0.6.3"], x86)
    assert key == wheelhouse.lock_key(["flask-login==0.6.3", "locust==2.47.0"], x86)
    assert key != wheelhouse.lock_key(["flask-login==0.6.3", "locust==2.46.0"], x86)
    assert key != wheelhouse.lock_key(["flask-login==0.6.3", "locust==2.47.0"], wheelhouse.Target(arch="aarch64"))
    assert pin_name("Zope.Interface==8.7") == "zope-interface"


def test_target_is_bookworm_cpython_311_not_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("platform.machine", lambda: "arm64")
    tgt = wheelhouse.target()
    assert (tgt.arch, tgt.python, tgt.abi) == ("aarch64", "3.11", "cp311")
    tags = tgt.platforms()
    assert tags[0] == "manylinux_2_36_aarch64"  # bookworm's glibc, newest first
    assert "manylinux_2_17_aarch64" in tags and "manylinux2014_aarch64" in tags
    assert not any("2_37" in t for t in tags)
    argv = wheelhouse.download_argv(["six==1.16.0"], Path("/d"), wheelhouse.Target(arch="x86_64"))
    joined = " ".join(argv)
    assert "--only-binary=:all:" in argv and "--python-version 3.11" in joined
    assert "--abi cp311" in joined and "--platform manylinux_2_28_x86_64" in joined
    assert "--platform manylinux1_x86_64" in joined and argv[-1] == "six==1.16.0"


def test_image_tag_covers_the_pins(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM debian:bookworm-slim\n")
    plain = images.image_digest(tmp_path)
    assert plain == images.inputs_digest(tmp_path), "images without wheels keep their tags"
    one = images.image_digest(tmp_path, ("six==1.16.0",))
    assert one != plain
    assert one == images.image_digest(tmp_path, ("six==1.16.0",))
    assert one != images.image_digest(tmp_path, ("six==1.15.0",))


PIP_OFFLINE = """WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/locust/
ERROR: Could not find a version that satisfies the requirement locust==2.47.0 (from versions: none)
ERROR: No matching distribution found for locust==2.47.0"""

PIP_NO_SUCH_PIN = """ERROR: Could not find a version that satisfies the requirement six==99.0 (from versions: 1.14.0, 1.15.0, 1.16.0, 1.17.0)
ERROR: No matching distribution found for six==99.0"""


def test_offline_is_told_apart_from_a_bad_pin() -> None:
    tgt = wheelhouse.Target(arch="x86_64")
    offline = wheelhouse.explain_failure(["locust==2.47.0"], PIP_OFFLINE, "image 'x' of lab y", tgt)
    assert "PyPI cannot be reached" in offline.message and "labctl images load" in (offline.hint or "")
    bad = wheelhouse.explain_failure(["six==99.0"], PIP_NO_SUCH_PIN, "image 'x' of lab y", tgt)
    assert "no wheel of six==99.0 for CPython 3.11 on Debian bookworm (x86_64" in bad.message
    assert "1.16.0, 1.17.0" in bad.message and "images.<name>.wheels" in (bad.hint or "")
    assert bad.exit_code == offline.exit_code == 1


def _fake_download(files: dict[str, bytes]):  # type: ignore[no-untyped-def]
    calls: list[list[str]] = []

    def run(argv, **_kw):  # type: ignore[no-untyped-def]
        calls.append(list(argv))
        dest = Path(argv[argv.index("--dest") + 1])
        for name, data in files.items():
            (dest / name).write_bytes(data)

    return run, calls


def test_ensure_downloads_once_then_reuses(monkeypatch: pytest.MonkeyPatch) -> None:
    run, calls = _fake_download({"six-1.16.0-py2.py3-none-any.whl": b"six wheel"})
    monkeypatch.setattr(wheelhouse.runner, "run", run)
    lock = wheelhouse.ensure(["six==1.16.0"], what="image 'py' of lab t")
    assert len(calls) == 1
    (wheel,) = lock.wheels
    assert wheel.sha256 == hashlib.sha256(b"six wheel").hexdigest()
    assert (wheelhouse.root() / "files" / wheel.sha256 / wheel.file).read_bytes() == b"six wheel"
    assert wheelhouse.ensure(["six==1.16.0"], what="another lab") == lock
    assert len(calls) == 1, "a cached lock must not ask PyPI again"
    # A lost file makes the lock incomplete: it is downloaded again.
    (wheelhouse.root() / "files" / wheel.sha256 / wheel.file).unlink()
    wheelhouse.ensure(["six==1.16.0"], what="x")
    assert len(calls) == 2


def test_ensure_turns_pip_failure_into_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def run(argv, **_kw):  # type: ignore[no-untyped-def]
        raise CommandFailed(list(argv), 1, "", PIP_NO_SUCH_PIN)

    monkeypatch.setattr(wheelhouse.runner, "run", run)
    with pytest.raises(LabctlError, match=r"no wheel of six==99\.0"):
        wheelhouse.ensure(["six==99.0"], what="image 'py' of lab t")
    assert wheelhouse.cached(["six==99.0"]) is None


def test_stage_writes_wheels_and_requirements(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    run, _ = _fake_download({"a-1.0-py3-none-any.whl": b"a", "b-2.0-py3-none-any.whl": b"b"})
    monkeypatch.setattr(wheelhouse.runner, "run", run)
    lock = wheelhouse.ensure(["a==1.0"], what="x")
    out = wheelhouse.stage(lock, tmp_path / "ctx" / "wheels")
    assert sorted(p.name for p in out.iterdir()) == ["a-1.0-py3-none-any.whl", "b-2.0-py3-none-any.whl",
                                                      "requirements.txt"]
    assert (out / "requirements.txt").read_text().splitlines()[1:] == ["a==1.0"]


def test_bundle_round_trip_and_damage(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    run, _ = _fake_download({"a-1.0-py3-none-any.whl": b"a" * 100})
    monkeypatch.setattr(wheelhouse.runner, "run", run)
    lock = wheelhouse.ensure(["a==1.0"], what="x")
    bundle = tmp_path / "b.tar"
    with tarfile.open(bundle, "w") as tar:
        assert wheelhouse.add_to_bundle(tar, [lock]) == 1
    import shutil

    shutil.rmtree(wheelhouse.root())
    assert wheelhouse.restore_from_bundle(bundle) == 1
    assert wheelhouse.cached(["a==1.0"]) == lock

    # A wheel whose bytes do not match the checksum in its path is refused.
    shutil.rmtree(wheelhouse.root())
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(bundle) as src, tarfile.open(damaged, "w") as dst:
        for member in src:
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.endswith(".whl"):
                data = b"b" * len(data)
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(LabctlError, match="does not match its checksum"):
        wheelhouse.restore_from_bundle(damaged)
    assert wheelhouse.cached(["a==1.0"]) is None
