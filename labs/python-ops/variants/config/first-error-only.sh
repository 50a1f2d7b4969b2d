#!/usr/bin/env bash
# expect: fail
# why: jsonschema.validate() stops at the first problem, so a file with two mistakes reports one
# feedback: report both
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
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as err:
        print("/".join(map(str, err.absolute_path)) + ": " + err.message, file=sys.stderr)
        return 2
    print("valid")
    return 0
PY
