"""Image variants: one lab Dockerfile built with several sets of build args.

A Kubernetes lab often needs two versions of the same app (a rolling update
from v1 to v2). An image folder may hold `variants.yaml`:

    # images/app/variants.yaml: variant name -> build args
    v1: {APP_VERSION: "1.0"}
    v2: {APP_VERSION: "2.0"}

Each variant is built from the same Dockerfile with those `--build-arg`s and
tagged with a readable, stable name, `labctl/<lab>-<image>:<variant>`, that
learners can type (`kubectl set image ... app=labctl/phase3-k8s-app:v2`).
Templates see it as `images["<image>:<variant>"]`. A variant is rebuilt when
its folder's inputs digest (kept in a label) changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from labctl import docker_engine
from labctl.env.context import Progress
from labctl.env.labels import LABEL_LAB
from labctl.errors import LabctlError, SpecError
from labctl.images import IMAGE_REPO, LABEL_INPUTS, LabImage, lab_images
from labctl.spec.loader import Lab

VARIANTS_FILE = "variants.yaml"
LABEL_VARIANT = "io.labctl.variant"
_VARIANT_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,40}$")


@dataclass(frozen=True)
class ImageVariant:
    image: LabImage
    variant: str
    build_args: tuple[tuple[str, str], ...]

    @property
    def key(self) -> str:
        """The name templates use: images["app:v2"]."""
        return f"{self.image.name}:{self.variant}"

    @property
    def tag(self) -> str:
        return f"{IMAGE_REPO}/{self.image.lab}-{self.image.name}:{self.variant}"


def image_variants(lab: Lab) -> list[ImageVariant]:
    out: list[ImageVariant] = []
    for img in lab_images(lab):
        path = img.context / VARIANTS_FILE
        if not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise SpecError(f"invalid YAML: {exc}", file=str(path)) from exc
        if not isinstance(data, dict) or not data:
            raise SpecError("must map variant names to build args, e.g. `v2: {APP_VERSION: v2}`",
                            file=str(path))
        for name, args in data.items():
            if not isinstance(name, str) or not _VARIANT_NAME.match(name):
                raise SpecError(
                    f"variant name {name!r} must be lowercase letters, digits, '.', '_' or '-' "
                    "(it becomes an image tag)", file=str(path), field=str(name))
            if args is None:
                args = {}
            if not isinstance(args, dict) or not all(
                isinstance(k, str) and isinstance(v, str | int | float | bool) for k, v in args.items()
            ):
                raise SpecError("build args must be a mapping of NAME: value", file=str(path),
                                field=name)
            out.append(ImageVariant(img, name, tuple((k, str(v)) for k, v in sorted(args.items()))))
    return out


def variant_tags(lab: Lab) -> dict[str, str]:
    return {v.key: v.tag for v in image_variants(lab)}


def _up_to_date(variant: ImageVariant) -> bool:
    from docker.errors import ImageNotFound

    try:
        image = docker_engine.client().images.get(variant.tag)
    except ImageNotFound:
        return False
    labels = image.labels or {}
    return bool(labels.get(LABEL_INPUTS) == variant.image.digest
                and labels.get(LABEL_VARIANT) == variant.variant)


def build_variant(variant: ImageVariant, progress: Progress, *, force: bool = False) -> bool:
    """Build one variant unless an up-to-date one exists; return True if it built.

    The base image must already exist (images.build_lab makes sure of that)."""
    if not force and _up_to_date(variant):
        return False
    from docker.errors import APIError, BuildError

    progress(f"building image {variant.image.lab}/{variant.key}")
    network = None if docker_engine.has_default_bridge() else "host"
    try:
        docker_engine.client().images.build(
            path=str(variant.image.context), tag=variant.tag, rm=True, forcerm=True,
            network_mode=network, buildargs=dict(variant.build_args),
            labels={LABEL_LAB: variant.image.lab, LABEL_INPUTS: variant.image.digest,
                    LABEL_VARIANT: variant.variant},
        )
    except BuildError as exc:
        log = "".join(str(c.get("stream", "")) for c in exc.build_log if isinstance(c, dict))
        raise LabctlError(
            f"building image variant '{variant.key}' of lab {variant.image.lab} failed: {exc.msg}",
            hint=f"Check {variant.image.context / 'Dockerfile'} with build args "
            f"{dict(variant.build_args)}.",
            details="\n".join(log.strip().splitlines()[-20:]),
        ) from None
    except APIError as exc:
        raise LabctlError(f"building image variant '{variant.key}' failed: {exc.explanation}") from None
    return True


def build_variants(lab: Lab, progress: Progress, *, force: bool = False) -> dict[str, str]:
    tags: dict[str, str] = {}
    for variant in image_variants(lab):
        build_variant(variant, progress, force=force)
        tags[variant.key] = variant.tag
    return tags
