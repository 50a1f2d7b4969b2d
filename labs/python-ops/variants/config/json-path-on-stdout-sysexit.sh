#!/usr/bin/env bash
# expect: pass
# why: a 2020-12 schema, validator_for() picks the draft, $.hosts[1].port paths on stdout, sys.exit(2)
set -euo pipefail
cd /lab
python3 - <<'PY'
import json
host = {"name": {"type": "string", "minLength": 1}, "address": {"type": "string", "minLength": 1}}
settings = {"user": {"type": "string"}, "port": {"type": "integer", "minimum": 1, "maximum": 65535},
            "key_file": {"type": "string"}, "timeout": {"type": "number", "exclusiveMinimum": 0}}
schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "required": ["hosts"], "additionalProperties": False,
    "properties": {
        "defaults": {"type": "object", "properties": settings, "additionalProperties": False},
        "hosts": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["name", "address"], "additionalProperties": False,
            "properties": {**host, **settings}}},
    },
}
json.dump(schema, open("schema/inventory.schema.json", "w"), indent=2)
PY
cat > opsctl/cli.py <<'PY'
import json
import sys

import typer

from opsctl import __version__

app = typer.Typer(no_args_is_help=True)


@app.callback()
def main():
    """opsctl"""


@app.command()
def version():
    print(__version__)


@app.command()
def validate(file: str):
    """Check FILE against schema/inventory.schema.json."""
    import jsonschema
    import yaml

    try:
        with open(file) as fh:
            doc = yaml.safe_load(fh)
    except OSError as exc:
        print(f"cannot open {file}: {exc.strerror}")
        sys.exit(2)
    except yaml.YAMLError as exc:
        print(f"{file}: YAML syntax error: {exc}".replace("\n", " "))
        sys.exit(2)
    with open("schema/inventory.schema.json") as fh:
        schema = json.load(fh)
    cls = jsonschema.validators.validator_for(schema)
    bad = False
    for error in cls(schema).iter_errors(doc):
        bad = True
        print(f"{error.json_path}: {error.message}")
    if bad:
        sys.exit(2)
    print(f"{file} is valid")
PY
python3 -m opsctl validate hosts.yaml
