"""The AWS emulator of an env on a swarm: moto's server as a service of the student's stack.

On this machine an env's emulator is a local process (labctl.aws.emulator); on a swarm it
runs on the student's node, inside their stack, reachable by its service name from their
containers. The image is built by labctl from debian:bookworm-slim plus a wheelhouse of the
moto version labctl itself runs, downloaded once on this host with pip (image builds reach
only Debian's mirror) and kept in labctl's cache.
"""

from __future__ import annotations

import platform
import shutil
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from labctl import paths, runner
from labctl.env.context import Progress
from labctl.errors import PrerequisiteError
from labctl.images import LabImage, inputs_digest

SERVICE = "aws"
PORT = 5000
IMAGE_NAME = "aws-emulator"
#: Debian bookworm's python3
PYTHON_VERSION = "3.11"
DOCKERFILE = Path(__file__).with_name("images") / "emulator" / "Dockerfile"


def moto_version() -> str:
    try:
        return metadata.version("moto")
    except metadata.PackageNotFoundError as exc:
        raise PrerequisiteError(
            "the swarm AWS emulator image is built with the moto version labctl runs, and moto is "
            "not installed.", hint="Install it into labctl's Python: `pip install 'moto[server]>=5'`.",
        ) from exc


def _platforms() -> list[str]:
    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine().lower())
    return [f"manylinux2014_{arch}", f"manylinux_2_17_{arch}", f"manylinux_2_28_{arch}", f"manylinux1_{arch}"]


def context_dir(progress: Progress) -> Path:
    """The image's build context: the Dockerfile and the wheelhouse (downloaded once)."""
    version = moto_version()
    context = paths.cache_dir() / "swarm" / f"aws-emulator-{version}"
    wheels = context / "wheels"
    if not any(wheels.glob("moto-*.whl")):
        progress(f"downloading moto {version} and its dependencies for the emulator image (once)")
        staging = context / "wheels.partial"
        shutil.rmtree(staging, ignore_errors=True)
        argv = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                "--only-binary=:all:", "--implementation", "cp", "--python-version", PYTHON_VERSION,
                *[arg for p in _platforms() for arg in ("--platform", p)],
                "-d", str(staging), f"moto[server]=={version}"]
        result = runner.run(argv, timeout=900, check=False)
        if not result.ok:
            raise PrerequisiteError(
                f"downloading moto {version} for the swarm AWS emulator image failed.",
                hint="pip on this host must reach PyPI or a mirror (pip.conf, PIP_INDEX_URL); or build "
                "the image elsewhere and `labctl images load` it.",
                details="\n".join((result.stderr or result.stdout).strip().splitlines()[-10:]) or None,
            )
        shutil.rmtree(wheels, ignore_errors=True)
        staging.replace(wheels)
    shutil.copyfile(DOCKERFILE, context / "Dockerfile")
    return context


def image(progress: Progress) -> LabImage:
    context = context_dir(progress)
    return LabImage("labctl", IMAGE_NAME, context, inputs_digest(context))


def service(tag: str) -> dict[str, Any]:
    """The emulator as a compose service of the student's stack."""
    check = ("import urllib.request; urllib.request.urlopen("
             f"'http://127.0.0.1:{PORT}/moto-api/data.json', timeout=2)")
    svc: dict[str, Any] = {
        "image": tag,
        "hostname": SERVICE,
        "healthcheck": {"test": ["CMD", "/opt/moto/bin/python", "-c", check], "interval": "1s",
                        "timeout": "5s", "retries": 60},
    }
    svc["mem_limit"] = "512m"  # moto's own need, whatever the lab's containers get
    return svc


def internal_endpoint() -> str:
    """Where the env's own containers reach it: its service name on the stack's network."""
    return f"http://{SERVICE}:{PORT}"
