#!/usr/bin/env bash
# expect: fail
# why: JSON log records, but the per-host summary table is printed to stderr as text too
# needs: config, fanout
# feedback: should be a JSON object
set -euo pipefail
cat > /lab/opsctl/logs.py <<'PY'
import json
import logging
import sys


class Json(logging.Formatter):
    def format(self, record):
        entry = {"time": record.created, "level": record.levelname, "message": record.getMessage()}
        entry.update({k: getattr(record, k) for k in ("host", "status") if hasattr(record, k)})
        return json.dumps(entry)


def setup_logging():
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(Json())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
PY
python3 - <<'EDIT'
p = "/lab/opsctl/cli.py"
s = open(p).read()
old = 'typer.echo(f"{r[\'host\']:<12} {r[\'status\']:<12} exit={r[\'exit_code\']}")'
assert old in s, "the summary line of the reference cli moved"
open(p, "w").write(s.replace(old, old[:-1] + ", err=True)"))
EDIT
