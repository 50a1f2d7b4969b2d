#!/usr/bin/env bash
# expect: fail
# why: the schema lists properties and required ones but never sets additionalProperties: false, so typos pass
# feedback: misspelt key|hostz
# include: _lib/validate-cmd.sh
set -euo pipefail
cat > /lab/schema/inventory.schema.json <<'JSON'
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["hosts"],
  "properties": {
    "defaults": {"type": "object", "properties": {
      "user": {"type": "string"}, "port": {"type": "integer", "minimum": 1, "maximum": 65535},
      "key_file": {"type": "string"}, "timeout": {"type": "number", "exclusiveMinimum": 0}}},
    "hosts": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["name", "address"],
      "properties": {
        "name": {"type": "string", "minLength": 1}, "address": {"type": "string", "minLength": 1},
        "user": {"type": "string"}, "port": {"type": "integer", "minimum": 1, "maximum": 65535},
        "key_file": {"type": "string"}, "timeout": {"type": "number", "exclusiveMinimum": 0}}}}
  }
}
JSON
cat > /lab/opsctl/check.py <<'PY'
import json
import sys

import jsonschema
import yaml


def run(path):
    try:
        doc = yaml.safe_load(open(path))
    except (OSError, yaml.YAMLError) as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    schema = json.load(open("schema/inventory.schema.json"))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
    for err in errors:
        print("/".join(map(str, err.absolute_path)) + ": " + err.message, file=sys.stderr)
    return 2 if errors else 0
PY
