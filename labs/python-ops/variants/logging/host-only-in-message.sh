#!/usr/bin/env bash
# expect: fail
# why: JSON lines with time/level/message, but the host and status are only inside the message text
# needs: config, fanout
# feedback: no record with host=
set -euo pipefail
cat > /lab/opsctl/logs.py <<'PY'
import json
import logging
import sys


class Json(logging.Formatter):
    def format(self, record):
        return json.dumps({"timestamp": self.formatTime(record), "level": record.levelname.lower(),
                           "message": record.getMessage()})


def setup_logging():
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(Json())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
PY
