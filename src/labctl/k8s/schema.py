"""Offline validation of manifests against the Kubernetes OpenAPI schema.

kubernetes-validate ships the JSON schemas of every recent Kubernetes
release; labctl pins one (K8S_VERSION, the version kind's default node image
is close to) and validates strictly, so a misspelt field is an error instead
of something the API server silently drops. Custom resources are validated
against the openAPIV3Schema of a CRD among the same manifests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from labctl.errors import SpecError
from labctl.k8s.manifests import Manifest, crd_kinds, is_custom, parse_documents

K8S_VERSION = "1.30"
_MAX_MESSAGE = 240


def field_path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


def _crd_schemas(manifests: Sequence[Manifest]) -> dict[tuple[str, str], dict[str, Any]]:
    """apiVersion, kind -> openAPIV3Schema, from the CRDs among the manifests."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for m in manifests:
        if m.kind != "CustomResourceDefinition":
            continue
        spec = m.obj.get("spec") or {}
        kind = (spec.get("names") or {}).get("kind")
        for version in spec.get("versions") or []:
            schema = ((version or {}).get("schema") or {}).get("openAPIV3Schema")
            if kind and isinstance(schema, dict):
                out[(f"{spec.get('group')}/{version.get('name')}", str(kind))] = schema
    return out


def _fail(m: Manifest, field: str, message: str, hint: str | None = None) -> SpecError:
    return SpecError(
        f"document {m.index}, {m.describe()}: {_short(message)}",
        file=m.source, field=field, hint=hint,
    )


def validate_manifests(manifests: Sequence[Manifest], version: str = K8S_VERSION) -> None:
    """Raise SpecError naming the file, the object and the field of the first invalid object."""
    import jsonschema
    import kubernetes_validate

    crds = crd_kinds(manifests)
    crd_schemas = _crd_schemas(manifests)
    for m in manifests:
        if is_custom(m, crds):
            schema = crd_schemas.get((m.api_version, m.kind))
            if schema is None:
                raise _fail(
                    m, "apiVersion",
                    f"{m.kind} ({m.api_version}) is not a Kubernetes {version} type, and no "
                    "CustomResourceDefinition among the lab's manifests defines that version",
                    hint="Check apiVersion and kind, or add the CRD to the lab's manifests.",
                )
            try:
                jsonschema.validate(m.obj, schema)
            except jsonschema.ValidationError as exc:
                raise _fail(m, field_path(exc.absolute_path), exc.message) from None
            continue
        try:
            kubernetes_validate.validate(m.obj, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            raise _fail(
                m, field_path(exc.absolute_path),
                f"{exc.message} (Kubernetes {version} schema)",
            ) from None
        except kubernetes_validate.SchemaNotFoundError:
            raise _fail(
                m, "apiVersion",
                f"Kubernetes {version} has no {m.kind} in apiVersion {m.api_version}",
                hint="Check the spelling of kind and apiVersion (e.g. apps/v1 for Deployment).",
            ) from None


def validate_file(path: Path, source: str | None = None, version: str = K8S_VERSION) -> int:
    """Validate every object in one manifest file; return how many there were."""
    manifests = parse_documents(path.read_text(encoding="utf-8"), source or str(path))
    validate_manifests(manifests, version)
    return len(manifests)
