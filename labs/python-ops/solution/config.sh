#!/bin/bash
# Reference solution: a JSON schema of the inventory, and `opsctl validate` that prints every
# problem with its location and exits 2 (no traceback).
set -euo pipefail
cd /lab
cat > schema/inventory.schema.json <<'JSON'
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "opsctl inventory",
  "type": "object",
  "required": ["hosts"],
  "additionalProperties": false,
  "properties": {
    "defaults": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "user": {"type": "string", "minLength": 1},
        "port": {"type": "integer", "minimum": 1, "maximum": 65535},
        "key_file": {"type": "string", "minLength": 1},
        "timeout": {"type": "number", "exclusiveMinimum": 0}
      }
    },
    "hosts": {
      "type": "array",
      "minItems": 1,
      "items": {
        "type": "object",
        "required": ["name", "address"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "minLength": 1},
          "address": {"type": "string", "minLength": 1},
          "user": {"type": "string", "minLength": 1},
          "port": {"type": "integer", "minimum": 1, "maximum": 65535},
          "key_file": {"type": "string", "minLength": 1},
          "timeout": {"type": "number", "exclusiveMinimum": 0}
        }
      }
    }
  }
}
JSON
cat > opsctl/inventory.py <<'PY'
"""The inventory: load hosts.yaml, validate it against schema/inventory.schema.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMA = Path("schema/inventory.schema.json")
DEFAULTS = {"port": 22, "timeout": 10.0}


class InventoryError(Exception):
    """The inventory cannot be used; .problems lists what is wrong, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def location(path: Any) -> str:
    return "/".join(str(p) for p in path) or "(top level)"


def problems(doc: Any, schema: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{location(e.absolute_path)}: {e.message}" for e in errors]


def load(path: Path, schema_path: Path = SCHEMA) -> dict[str, Any]:
    try:
        text = path.read_text()
    except OSError as exc:
        raise InventoryError([f"{path}: cannot read it: {exc.strerror or exc}"]) from None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise InventoryError([f"{path}: not valid YAML{where}: {getattr(exc, 'problem', exc)}"]) from None
    schema = json.loads(schema_path.read_text())
    found = problems(doc, schema)
    if found:
        raise InventoryError([f"{path}: {p}" for p in found])
    return doc


def hosts(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every host with its settings resolved: its own, then defaults, then built-in ones."""
    defaults = {**DEFAULTS, **(doc.get("defaults") or {})}
    return [{**defaults, **host} for host in doc["hosts"]]
PY
cat > opsctl/cli.py <<'PY'
"""The command line of opsctl (Typer)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import List, Optional

import typer

from opsctl import __version__

app = typer.Typer(help="The team's operations toolbox.", no_args_is_help=True)


@app.callback()
def main() -> None:
    """The team's operations toolbox."""


@app.command()
def version() -> None:
    """Print opsctl's version."""
    typer.echo(__version__)


@app.command()
def validate(file: Path = typer.Argument(..., help="the inventory (YAML)")) -> None:
    """Validate an inventory against schema/inventory.schema.json."""
    from opsctl.inventory import InventoryError, load

    try:
        doc = load(file)
    except InventoryError as exc:
        for line in exc.problems:
            typer.echo(line, err=True)
        raise typer.Exit(2)
    typer.echo(f"{file}: valid ({len(doc['hosts'])} hosts)")


def setup_logging() -> None:
    try:
        from opsctl.logs import setup_logging as json_logging
    except ImportError:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    else:
        json_logging()


@app.command()
def run(
    command: List[str] = typer.Argument(..., help="the command to run on every host"),
    inventory: Path = typer.Option(Path("hosts.yaml"), help="the inventory"),
    report: Optional[Path] = typer.Option(None, help="write a JSON report here"),
) -> None:
    """Run COMMAND on every host of the inventory at once."""
    from opsctl.fanout import run_everywhere, summarize
    from opsctl.inventory import InventoryError, hosts, load

    setup_logging()
    try:
        doc = load(inventory)
    except InventoryError as exc:
        for line in exc.problems:
            typer.echo(line, err=True)
        raise typer.Exit(2)
    results = run_everywhere(hosts(doc), " ".join(command))
    summary = summarize(results)
    for r in results:
        typer.echo(f"{r['host']:<12} {r['status']:<12} exit={r['exit_code']}")
    typer.echo(" ".join(f"{k}={v}" for k, v in summary.items()))
    if report:
        report.write_text(json.dumps({"results": results, "summary": summary}, indent=2) + "\n")
    raise typer.Exit(0 if summary["ok"] == len(results) else 1)


@app.command()
def health(
    port: int = typer.Option(9200, help="port to serve /metrics on"),
    config: Path = typer.Option(Path("health.yaml"), help="disks and thresholds"),
) -> None:
    """Serve the machine's health as Prometheus metrics."""
    from opsctl.health import serve

    serve(port, config)
PY
python3 -m opsctl validate hosts.yaml
