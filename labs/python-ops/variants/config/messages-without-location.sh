#!/usr/bin/env bash
# expect: fail
# why: prints jsonschema's message alone ("'twenty-two' is not of type 'integer'"), never where it is
# feedback: no line of the output names where
# include: _lib/schema-draft7.sh, _lib/validate-cmd.sh
set -euo pipefail
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
        print(f"invalid inventory: {err.message}", file=sys.stderr)
    return 2 if errors else 0
PY
