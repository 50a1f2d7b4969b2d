"""`labctl validate` and `labctl render`: every template renders with defaults."""

from __future__ import annotations

import tempfile
from pathlib import Path

from labctl import params as params_mod
from labctl.backends.base import backends_for
from labctl.core.environment import seed_workspace
from labctl.env.context import EnvContext
from labctl.env.naming import project_name
from labctl.env.record import EnvData, EnvRecord, EnvStatus
from labctl.images import lab_images
from labctl.spec.loader import Lab

PLACEHOLDER_ENV = "render"
#: stands in for a store id where nothing is made (validate, render, the class safety check)
PLACEHOLDER_STORE = "00000000"


def placeholder_context(lab: Lab, workdir: Path) -> EnvContext:
    """A context with default parameters and stand-in ports and image tags."""
    values = params_mod.resolve(lab.spec, None)
    host_ports = {p.name: 20000 + i for i, p in enumerate(lab.spec.all_ports())}
    record = EnvRecord(
        lab=lab.id, name=PLACEHOLDER_ENV, status=EnvStatus.UNKNOWN, seed="", workdir=str(workdir),
        params=values, ports=host_ports, store=PLACEHOLDER_STORE,
        data=EnvData(
            project=project_name(PLACEHOLDER_STORE, lab.id, PLACEHOLDER_ENV),
            images={img.name: img.tag for img in lab_images(lab)},
            aws={"endpoint": "http://127.0.0.1:5000", "region": "us-east-1",
                 "access_key": "test", "secret_key": "test", "account_id": "123456789012"},
        ),
    )
    return EnvContext(lab=lab, record=record)


def render_lab(lab: Lab, out: Path) -> list[Path]:
    """Render every part of a lab with defaults into `out`, then run backend validation."""
    out.mkdir(parents=True, exist_ok=True)
    ctx = placeholder_context(lab, out)
    written: list[Path] = []
    seed_workspace(ctx)
    for backend in backends_for(ctx):
        written += backend.render()
        backend.validate()
    return written


def validate_lab(lab: Lab) -> None:
    with tempfile.TemporaryDirectory(prefix="labctl-validate-") as tmp:
        render_lab(lab, Path(tmp))
        check_variants(lab, compose_services(Path(tmp)))


def compose_services(out: Path) -> list[str] | None:
    """The services of a rendered compose file (None: the lab has no compose part)."""
    import yaml

    from labctl.backends.compose import COMPOSE_FILE

    path = out / COMPOSE_FILE
    if not path.is_file():
        return None
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list((doc.get("services") or {}).keys())


def check_variants(lab: Lab, services: list[str] | None) -> None:
    """Every variant parses, names a task and needs that exist, and runs in a place that exists."""
    from labctl.errors import SpecError
    from labctl.spec.variants import HOST, WORKSPACE, load_variants

    for variant in load_variants(lab.path, lab.spec):
        for part in variant.parts:
            if part.run_in in (HOST, WORKSPACE) and (part.run_in == HOST or services is not None):
                continue
            if services is None or part.run_in not in services:
                known = ", ".join([HOST, *([WORKSPACE, *services] if services is not None else [])])
                raise SpecError(f"run_in '{part.run_in}' is no place of lab {lab.id}; choose from: {known}",
                                file=str(variant.path), line=part.declared, field="run_in")
