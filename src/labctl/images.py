"""Lab images: built offline from `labs/<id>/images/<name>/Dockerfile`.

Each image is tagged by a hash of its build inputs, so nothing is rebuilt
unless a file in its folder changed. Every shipped image derives from
`debian:bookworm-slim`, which `bootstrap_base` makes without a registry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from labctl import docker_engine, runner
from labctl.env.context import Progress
from labctl.env.labels import LABEL_LAB
from labctl.errors import LabctlError, PrerequisiteError, UserInputError
from labctl.spec.loader import Lab

BASE_IMAGE = "debian:bookworm-slim"
IMAGE_REPO = "labctl"
LABEL_INPUTS = "io.labctl.inputs"


@dataclass(frozen=True)
class LabImage:
    lab: str
    name: str
    context: Path
    digest: str

    @property
    def tag(self) -> str:
        return f"{IMAGE_REPO}/{self.lab}-{self.name}:{self.digest}"


def inputs_digest(context: Path) -> str:
    """sha256 over every file's relative path, mode and content in the build context."""
    h = hashlib.sha256()
    for path in sorted(p for p in context.rglob("*") if p.is_file()):
        rel = path.relative_to(context).as_posix()
        h.update(rel.encode() + b"\0" + oct(path.stat().st_mode & 0o777).encode() + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:12]


def lab_images(lab: Lab) -> list[LabImage]:
    if not lab.images_dir.is_dir():
        return []
    return [
        LabImage(lab.id, d.name, d, inputs_digest(d))
        for d in sorted(lab.images_dir.iterdir())
        if (d / "Dockerfile").is_file()
    ]


def image_exists(tag: str) -> bool:
    from docker.errors import ImageNotFound

    try:
        docker_engine.client().images.get(tag)
        return True
    except ImageNotFound:
        return False


def ensure_base(progress: Progress) -> None:
    if image_exists(BASE_IMAGE):
        return
    progress(f"pulling {BASE_IMAGE}")
    try:
        docker_engine.client().images.pull(BASE_IMAGE)
        return
    except Exception:
        pass
    bootstrap_base(progress)


def bootstrap_base(progress: Progress, *, force: bool = False, tag: str = BASE_IMAGE) -> None:
    """Make debian:bookworm-slim with debootstrap + docker import (no registry needed)."""
    if not force and image_exists(tag):
        progress(f"{tag} is already present")
        return
    debootstrap = runner.which("debootstrap")
    if debootstrap is None:
        raise PrerequisiteError(
            f"{tag} cannot be pulled and debootstrap is not installed.",
            hint="Install it (`apt-get install debootstrap`, as root) or load an image bundle "
            "with `labctl images load FILE`.",
        )
    if os.geteuid() != 0:
        raise PrerequisiteError(
            f"{tag} cannot be pulled, and building it offline needs root.",
            hint="Run `sudo labctl images bootstrap` once, or `labctl images load FILE`.",
        )
    progress(f"building {tag} offline with debootstrap (about 30 s)")
    with tempfile.TemporaryDirectory(prefix="labctl-rootfs-") as tmp:
        root, archive = Path(tmp) / "root", Path(tmp) / "rootfs.tar"
        runner.run([debootstrap, "--variant=minbase", "bookworm", str(root)], timeout=900,
                   what="debootstrap")
        _slim_rootfs(root)
        runner.run(["tar", "-C", str(root), "-cf", str(archive), "."], timeout=600, what="tar")
        runner.run(["docker", "import", str(archive), tag], timeout=600, what="docker import")


# What Docker's official Debian images ship: apt keeps no .deb files or package caches,
# so a lab image's `apt-get install` layer holds only what was installed.
_APT_PURGE = (
    '"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb '
    '/var/cache/apt/*.bin || true"'
)
APT_DOCKER_CLEAN = (
    f"DPkg::Post-Invoke {{ {_APT_PURGE}; }};\n"
    f"APT::Update::Post-Invoke {{ {_APT_PURGE}; }};\n"
    'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n'
)


def _slim_rootfs(root: Path) -> None:
    conf = root / "etc" / "apt" / "apt.conf.d"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "docker-clean").write_text(APT_DOCKER_CLEAN)
    for pattern in ("var/cache/apt/archives/*.deb", "var/cache/apt/*.bin", "var/lib/apt/lists/*_*"):
        for path in root.glob(pattern):
            path.unlink()


def build(image: LabImage, progress: Progress, *, force: bool = False) -> bool:
    """Build one lab image unless its tag exists; returns True if it built."""
    if not force and image_exists(image.tag):
        return False
    ensure_base(progress)
    progress(f"building image {image.lab}/{image.name}")
    client = docker_engine.client()
    network = None if docker_engine.has_default_bridge() else "host"
    from docker.errors import APIError, BuildError

    try:
        client.images.build(
            path=str(image.context), tag=image.tag, rm=True, forcerm=True,
            network_mode=network,
            labels={LABEL_LAB: image.lab, LABEL_INPUTS: image.digest},
        )
    except BuildError as exc:
        log = "".join(
            str(chunk.get("stream", "")) for chunk in exc.build_log if isinstance(chunk, dict)
        )
        tail = "\n".join(log.strip().splitlines()[-20:])
        raise LabctlError(
            f"building image '{image.name}' of lab {image.lab} failed: {exc.msg}",
            hint=f"Check {image.context / 'Dockerfile'}.", details=tail,
        ) from None
    except APIError as exc:
        raise LabctlError(f"building image '{image.name}' failed: {exc.explanation}") from None
    return True


def build_lab(lab: Lab, progress: Progress, *, force: bool = False) -> dict[str, str]:
    """Build every image of a lab; return image name -> tag for templates."""
    tags: dict[str, str] = {}
    for img in lab_images(lab):
        build(img, progress, force=force)
        tags[img.name] = img.tag
    return tags


def list_images() -> list[dict[str, str]]:
    rows = []
    for img in docker_engine.client().images.list(filters={"label": LABEL_LAB}):
        for tag in img.tags or ["<none>"]:
            rows.append({
                "tag": tag, "lab": img.labels.get(LABEL_LAB, ""), "id": img.short_id,
                "size_mb": f"{img.attrs.get('Size', 0) / 1e6:.0f}",
            })
    return sorted(rows, key=lambda r: r["tag"])


def prune(labs: list[Lab]) -> list[str]:
    """Remove labctl images whose tag no longer matches a lab's current inputs."""
    current = {img.tag for lab in labs for img in lab_images(lab)}
    removed = []
    client = docker_engine.client()
    for img in client.images.list(filters={"label": LABEL_LAB}):
        stale = [t for t in img.tags if t not in current]
        if stale and len(stale) == len(img.tags):
            client.images.remove(img.id, force=True)
            removed += stale
    return removed


def save(bundle: Path, labs: list[Lab], progress: Progress) -> list[str]:
    """One tar with every image a course needs (base included), for offline classrooms."""
    tags = [BASE_IMAGE]
    for lab in labs:
        tags += list(build_lab(lab, progress).values())
    progress(f"saving {len(tags)} images to {bundle}")
    runner.run(["docker", "save", "-o", str(bundle), *tags], timeout=1800, what="docker save")
    manifest = bundle.with_suffix(bundle.suffix + ".json")
    manifest.write_text(json.dumps({"images": tags}, indent=2))
    return tags


def load(bundle: Path, progress: Progress) -> str:
    if not bundle.is_file():
        raise UserInputError(f"image bundle '{bundle}' does not exist.")
    progress(f"loading images from {bundle}")
    return runner.run(["docker", "load", "-i", str(bundle)], timeout=1800,
                      what="docker load").stdout.strip()
