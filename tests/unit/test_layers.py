"""No import in src/labctl runs up a layer (docs/architecture.md has the picture).

Every module belongs to a layer by its package (or top-level module name); a module may
import its own layer and the layers below it, never one above — including imports inside
functions and under TYPE_CHECKING. A new package or module must be given a layer here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "labctl"

#: top to bottom; each entry is one layer: the first components of module names in it
LAYERS: list[set[str]] = [
    {"__main__", "cli", "web", "testing"},  # front ends, and the lab authors' test helper
    {"classroom"},  # classes: many envs, over the lifecycle verbs
    {"core"},  # the lifecycle verbs of one env
    {"grading"},  # engine, worker, plugin, fixtures (they reach what the backends made)
    {"backends"},  # compose | kind | terraform behind one interface
    {"aws", "k8s", "images"},  # what the backends drive: the AWS emulator, Kubernetes, images
    {"render", "params"},  # templates and parameters
    {"state", "state_repair"},  # the SQLite store, and moving a damaged one aside
    {"env"},  # ground floor: record, status, context, labels, naming
    {"spec"},  # lab.yaml models and loader, the kinds table, the name rules
    {"docker_engine", "ports", "paths", "runner", "logtail", "errors", "__init__"},  # utilities
]


def layer_of(module: str) -> int:
    parts = module.split(".")
    head = parts[1] if len(parts) > 1 else "__init__"
    for index, members in enumerate(LAYERS):
        if head in members:
            return index
    raise AssertionError(f"module {module} belongs to no layer: add '{head}' to LAYERS in {__file__}")


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every labctl import in the file, wherever it is."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "labctl":
                found += [(node.lineno, f"labctl.{alias.name}") for alias in node.names]
            elif node.module.startswith("labctl."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("labctl.")]
    return found


MODULES = sorted(SRC.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    for path in MODULES:
        layer_of(module_name(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_import_runs_up_a_layer(path: Path) -> None:
    here = module_name(path)
    mine = layer_of(here)
    upward = []
    for line, target in imports(path):
        if target == "labctl.__version__":
            continue
        theirs = layer_of(target)
        if theirs < mine:
            upward.append(f"{path.relative_to(SRC.parent)}:{line} imports {target} "
                          f"(layer {sorted(LAYERS[theirs])} is above {sorted(LAYERS[mine])})")
    assert not upward, "imports that run up a layer:\n" + "\n".join(upward)


def test_the_layer_test_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from labctl.cli.app import run\n")
    assert imports(bad) == [(2, "labctl.cli.app")]
    assert layer_of("labctl.cli.app") < layer_of("labctl.state")
