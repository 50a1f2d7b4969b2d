"""Can this lab be given to a class? Students must not reach the host or each other.

Checked at `class create`, before anything runs: the lab must not need a
Docker engine of the learner's own, and its rendered compose file must not
hand a student the host (Docker socket, host namespaces, privileged mode,
host folders outside the env's own workdir).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from labctl.errors import UserInputError
from labctl.spec.loader import Lab

#: capabilities that give a container the host (or its kernel)
HOST_CAPS = {"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME", "DAC_READ_SEARCH", "MKNOD"}
HOST_MODES = ("network_mode", "pid", "ipc", "userns_mode", "uts", "cgroup")


def check_lab_for_class(lab: Lab) -> list[str]:
    """Raise UserInputError if a class cannot safely use this lab; return warnings."""
    spec = lab.spec
    if spec.host_docker:
        raise UserInputError(
            f"lab {lab.id} cannot be run as a class: its learners drive a Docker engine themselves "
            "(lab.yaml: host_docker: true). Sharing this machine's engine would let every student "
            "see, and remove, every other student's containers, and give them root on the host; a "
            "class would need one private Docker engine per student (one VM each, or Docker-in-Docker "
            "in privileged containers), which labctl does not provision.",
            hint="Give each student their own machine and have them run `labctl up "
            f"{lab.id}` there, or pick a lab without host_docker for the class.",
        )
    warnings: list[str] = []
    if spec.environment.compose is None:
        warnings.append(
            f"lab {lab.id} has no compose workspace, so students get no SSH access; they need "
            "another way to work in their envs."
        )
        return warnings
    port = spec.ssh_port()
    if port is None:
        warnings.append(
            f"lab {lab.id} publishes no port with `scheme: ssh`, so students get no SSH access. "
            "Give its workspace service an sshd and publish it: environment.compose.ports: "
            "[{name: ssh, service: workspace, target: 22, scheme: ssh}]."
        )
    problems = compose_problems(lab)
    if problems:
        raise UserInputError(
            f"lab {lab.id} cannot be run as a class: its compose file would give students the host:\n  "
            + "\n  ".join(problems),
            hint="Labs given to a class must keep every container inside its own env.",
        )
    return warnings


def compose_problems(lab: Lab) -> list[str]:
    """What in the lab's compose file (rendered with defaults) reaches outside the env."""
    from labctl.backends.base import backend_class
    from labctl.core.validate import placeholder_context

    with tempfile.TemporaryDirectory(prefix="labctl-class-check-") as tmp:
        workdir = Path(tmp).resolve()
        ctx = placeholder_context(lab, workdir)
        written = backend_class("compose")(ctx).render()
        doc = yaml.safe_load(written[0].read_text(encoding="utf-8"))
        return service_problems(doc.get("services") or {}, workdir)


def service_problems(services: dict[str, Any], workdir: Path) -> list[str]:
    problems: list[str] = []
    for name, svc in services.items():
        svc = svc or {}
        where = f"service '{name}'"
        if svc.get("privileged"):
            problems.append(f"{where} is privileged")
        for key in HOST_MODES:
            value = str(svc.get(key) or "")
            if value == "host" or value.startswith(("container:", "service:")):
                problems.append(f"{where} uses {key}: {value}")
        caps = {str(c).upper().removeprefix("CAP_") for c in svc.get("cap_add") or []}
        if caps & HOST_CAPS:
            problems.append(f"{where} adds capabilities {', '.join(sorted(caps & HOST_CAPS))}")
        if svc.get("devices"):
            problems.append(f"{where} maps host devices")
        for opt in svc.get("security_opt") or []:
            if "unconfined" in str(opt):
                problems.append(f"{where} disables a security profile ({opt})")
        for volume in svc.get("volumes") or []:
            source = _bind_source(volume)
            if source is None:
                continue
            if "docker.sock" in source:
                problems.append(f"{where} mounts the Docker socket ({source})")
                continue
            path = (workdir / source).resolve() if not source.startswith("/") else Path(source).resolve()
            if not path.is_relative_to(workdir):
                problems.append(f"{where} mounts a host folder outside its env ({source})")
    return problems


def _bind_source(volume: Any) -> str | None:
    """The host path of a bind mount, or None for a named volume or tmpfs."""
    if isinstance(volume, dict):
        if volume.get("type") == "bind":
            return str(volume.get("source", ""))
        return None
    text = str(volume)
    if ":" not in text:
        return None
    source = text.split(":", 1)[0]
    return source if source.startswith(("/", ".", "~")) else None
