"""Which tools this machine has, and which labs they enable (`list`, `doctor`)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from labctl import runner
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
        return bool(runner.which("docker-compose") or runner.which("docker"))
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
        from labctl.backends.compose import compose_command
        from labctl.errors import PrerequisiteError

        try:
            cmd = compose_command()
        except PrerequisiteError:
            return ToolStatus(tool, False, note=TOOL_HINTS[tool])
        out = runner.run([*cmd, "version"], check=False, timeout=20).stdout
        return ToolStatus(tool, True, _first_version(out), " ".join(cmd))
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
