#!/usr/bin/env bash
# expect: fail
# why: schema problems are handled well, but a YAML syntax error or a missing file escapes as a traceback
# feedback: traceback
# include: _lib/schema-draft7.sh, _lib/validate-cmd.sh
set -euo pipefail
cat > /lab/opsctl/check.py <<'PY'
import json
import sys

import jsonschema
import yaml


def run(path):
    with open(path) as fh:
        doc = yaml.safe_load(fh)
    schema = json.load(open("schema/inventory.schema.json"))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
    for err in errors:
        print("/".join(map(str, err.absolute_path)) + ": " + err.message, file=sys.stderr)
    return 2 if errors else 0
PY
