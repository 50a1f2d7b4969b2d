#!/usr/bin/env bash
# expect: fail
# why: JSON lines with host and status, but every outcome at level info, failures included
# needs: config, fanout
# feedback: expected warning or error
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
sed -i 's/level = logging.INFO if outcome\["status"\] == "ok" else logging.WARNING/level = logging.INFO/' /lab/opsctl/fanout.py
