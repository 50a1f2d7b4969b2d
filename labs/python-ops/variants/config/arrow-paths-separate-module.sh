#!/usr/bin/env bash
# expect: pass
# why: schema written in YAML and converted, a Config loader class, errors as "hosts -> 2 -> address", SystemExit(2)
set -euo pipefail
cd /lab
cat > /tmp/schema.yaml <<'YAML'
$schema: https://json-schema.org/draft/2020-12/schema
type: object
additionalProperties: false
required: [hosts]
properties:
  defaults:
    type: object
    additionalProperties: false
    properties:
      user: {type: string, minLength: 1}
      port: {type: integer, minimum: 1, maximum: 65535}
      key_file: {type: string, minLength: 1}
      timeout: {type: number, exclusiveMinimum: 0}
  hosts:
    type: array
    minItems: 1
    items:
      type: object
      additionalProperties: false
      required: [name, address]
      properties:
        name: {type: string, minLength: 1}
        address: {type: string, minLength: 1}
        user: {type: string, minLength: 1}
        port: {type: integer, minimum: 1, maximum: 65535}
        key_file: {type: string, minLength: 1}
        timeout: {type: number, exclusiveMinimum: 0}
YAML
python3 -c 'import json, yaml; json.dump(yaml.safe_load(open("/tmp/schema.yaml")), open("schema/inventory.schema.json", "w"), indent=1)'
cat > opsctl/config.py <<'PY'
"""Loading and checking the inventory."""
import json
import os

import jsonschema
import yaml

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ConfigError(Exception):
    pass


class Inventory:
    def __init__(self, path):
        self.path = path

    def load(self):
        if not os.path.exists(self.path):
            raise ConfigError([f"{self.path}: no such file"])
        try:
            with open(self.path) as fh:
                return yaml.safe_load(fh)
        except yaml.MarkedYAMLError as exc:
            raise ConfigError([f"{self.path}: invalid YAML at line {exc.problem_mark.line + 1}: {exc.problem}"])

    def check(self):
        doc = self.load()
        with open(os.path.join(HERE, "schema", "inventory.schema.json")) as fh:
            schema = json.load(fh)
        problems = [" -> ".join(str(p) for p in e.absolute_path) + f": {e.message}"
                    for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
        if problems:
            raise ConfigError(problems)
        return doc
PY
cat >> opsctl/cli.py <<'PY'


@app.command("validate")
def validate_inventory(path: str = typer.Argument(..., metavar="FILE")) -> None:
    """Validate an inventory."""
    from opsctl.config import ConfigError, Inventory

    try:
        Inventory(path).check()
    except ConfigError as exc:
        for problem in exc.args[0]:
            typer.secho(problem, fg="red", err=True)
        raise SystemExit(2)
    typer.echo("inventory ok")
PY
python3 -m opsctl validate hosts.yaml
