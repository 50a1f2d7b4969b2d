#!/usr/bin/env bash
# expect: fail
# why: every problem listed with its path, but an invalid file exits 1 (the usual "error" code), not 2
# feedback: exit code 1, expected 2
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
        return 1
    schema = json.load(open("schema/inventory.schema.json"))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
    for err in errors:
        print("/".join(map(str, err.absolute_path)) + ": " + err.message, file=sys.stderr)
    return 1 if errors else 0
PY
