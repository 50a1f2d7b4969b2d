"""`labctl doctor`: tools, engines, labs they enable, and leftovers worth knowing about."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from labctl.core.tools import lab_tools, probe
from labctl.errors import SpecError
from labctl.spec.kinds import KINDS
from labctl.spec.loader import discover, load_lab_dir

TOOLS = ("docker", "compose", "terraform", "kubectl", "kind", "ssh", "debootstrap")


def run_doctor(search_path: list[Path]) -> dict[str, Any]:
    statuses = {name: probe(name) for name in TOOLS}
    labs = []
    for lab_id, path in discover(search_path).items():
        try:
            spec = load_lab_dir(path, check_files=False).spec
        except SpecError:
            continue
        missing = [t for t in lab_tools(spec) if t in statuses and not statuses[t].present]
        labs.append({"id": lab_id, "available": not missing, "missing": missing})
    findings: list[str] = []
    for hook in FINDINGS:
        findings += hook()
    return {
        "tools": [s.__dict__ for s in statuses.values()],
        "labs": labs,
        "findings": findings,
        "backends": {k: list(kind.tools) for k, kind in KINDS.items()},
    }


# Extra checks backends contribute (orphaned emulators, inotify limits for kind, ...).
FINDINGS: list[Any] = []


def _kind_inotify() -> list[str]:
    from labctl.k8s.host import inotify_findings

    return inotify_findings()


FINDINGS.append(_kind_inotify)


def _aws_emulators() -> list[str]:
    from labctl.aws.emulator import orphan_findings

    return orphan_findings()


FINDINGS.append(_aws_emulators)


def _state_store() -> list[str]:
    from labctl.errors import LabctlError
    from labctl.state import Store

    try:
        Store().close()
    except LabctlError as exc:
        return [str(exc)]
    return []


FINDINGS.insert(0, _state_store)
