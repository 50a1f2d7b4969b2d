#!/usr/bin/env bash
# expect: pass
# why: a draft-07 schema with $ref'd definitions, errors printed as hosts[1].port on stderr via typer.echo
# include: _lib/schema-draft7.sh
set -euo pipefail
cd /lab
cat > opsctl/validate.py <<'PY'
import json
from pathlib import Path

import jsonschema
import typer
import yaml


def where(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "<root>"


def validate_cmd(file: Path) -> None:
    """Validate an inventory file."""
    try:
        doc = yaml.safe_load(file.read_text())
    except FileNotFoundError:
        typer.echo(f"error: {file} does not exist", err=True)
        raise typer.Exit(2)
    except yaml.YAMLError as exc:
        typer.echo(f"error: {file} is not valid YAML: {str(exc).splitlines()[-1].strip()} ({exc.problem_mark})", err=True)
        raise typer.Exit(2)
    schema = json.loads(Path("schema/inventory.schema.json").read_text())
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
    for err in errors:
        typer.echo(f"{where(err.absolute_path)}: {err.message}", err=True)
    if errors:
        raise typer.Exit(2)
    typer.echo("OK")
PY
cat >> opsctl/cli.py <<'PY'

from opsctl.validate import validate_cmd

app.command(name="validate")(validate_cmd)
PY
python3 -m opsctl validate hosts.yaml
