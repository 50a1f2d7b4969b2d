"""Which tools this machine has, and which labs they enable (`list`, `doctor`)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from labctl import runner
from labctl.errors import PrerequisiteError
from labctl.spec.kinds import KINDS, TOOL_HINTS
from labctl.spec.models import LabSpec


@dataclass(frozen=True)
class ToolStatus:
    name: str
    present: bool
    version: str = ""
    note: str = ""


def _first_version(text: str) -> str:
    match = re.search(r"v?(\d+\.\d+(?:\.\d+)?)", text)
    return match.group(1) if match else ""


@functools.cache
def quick_present(tool: str) -> bool:
    """Fast presence test (PATH lookup only), for `labctl list`."""
    if tool == "compose":
        from labctl.backends import composecli

        return composecli.has_v2() or composecli.has_v1()
    return runner.which(tool) is not None


def probe(tool: str) -> ToolStatus:
    """Deep check with the tool's version (and, for docker, a reachable engine)."""
    if tool == "docker":
        if not runner.which("docker"):
            return ToolStatus(tool, False, note=TOOL_HINTS[tool])
        from labctl import docker_engine

        version = docker_engine.engine_version()
        if version is None:
            return ToolStatus(tool, False, note="client found, but no engine answers; "
                              + docker_engine.ENGINE_HINT)
        return ToolStatus(tool, True, version, "engine reachable")
    if tool == "compose":
        from labctl.backends import composecli
        from labctl.errors import UserInputError

        clis = composecli.found()
        if not clis:
            return ToolStatus(tool, False, note=TOOL_HINTS[tool])
        try:
            used = " ".join(composecli.compose_command())
        except (PrerequisiteError, UserInputError) as exc:
            return ToolStatus(tool, False, note=exc.message)
        chosen = next(c for c in clis if c.command == used)
        others = "; ".join(f"also {c.command} {c.version}" + (f" ({c.note})" if c.note else "")
                           for c in clis if not c.used)
        note = f"uses {used} (Compose {chosen.name})" + (f"; {chosen.note}" if chosen.note else "")
        return ToolStatus(tool, True, chosen.version, note + (f"; {others}" if others else ""))
    version_args = {
        "terraform": ["terraform", "version"],
        "kind": ["kind", "version"],
        "kubectl": ["kubectl", "version", "--client"],
        "ssh": ["ssh", "-V"],
        "debootstrap": ["debootstrap", "--version"],
    }
    argv = version_args.get(tool, [tool, "--version"])
    if not runner.which(argv[0]):
        return ToolStatus(tool, False, note=TOOL_HINTS.get(tool, ""))
    result = runner.run(argv, check=False, timeout=20)
    return ToolStatus(tool, True, _first_version(result.stdout + result.stderr))


def lab_tools(spec: LabSpec) -> list[str]:
    needed: list[str] = []
    for backend in spec.environment.backends():
        needed += KINDS[backend].tools
    needed += spec.requires
    return list(dict.fromkeys(needed))


def missing_tools(spec: LabSpec) -> list[str]:
    return [t for t in lab_tools(spec) if not quick_present(t)]
