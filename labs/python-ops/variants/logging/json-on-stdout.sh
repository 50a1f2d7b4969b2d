#!/usr/bin/env bash
# expect: fail
# why: JSON lines, but to stdout (StreamHandler(sys.stdout)), mixed with the summary
# needs: config, fanout
# feedback: wrote nothing to stderr
set -euo pipefail
cat > /lab/opsctl/logs.py <<'PY'
import json
import logging
import sys


class Json(logging.Formatter):
    def format(self, record):
        return json.dumps({"time": self.formatTime(record), "level": record.levelname, "message": record.getMessage(),
                           "host": getattr(record, "host", None), "status": getattr(record, "status", None)})


def setup_logging():
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(Json())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
PY
