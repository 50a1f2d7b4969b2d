#!/usr/bin/env bash
# expect: pass
# why: a hand-written handler with an epoch "ts" and "msg", outcomes logged as error, paramiko set to CRITICAL
# needs: config, fanout
set -euo pipefail
cat > /lab/opsctl/logs.py <<'PY'
import json
import logging
import sys


class JsonLines(logging.Handler):
    def emit(self, record):
        entry = {"ts": record.created, "levelname": record.levelname, "msg": record.getMessage(),
                 "logger": record.name}
        for key in ("host", "status", "exit_code"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        sys.stderr.write(json.dumps(entry) + "\n")


def setup_logging():
    logging.getLogger("paramiko").setLevel(logging.CRITICAL)
    root = logging.getLogger()
    root.handlers = [JsonLines()]
    root.setLevel(logging.DEBUG)
PY
# outcomes other than ok at level error instead of warning
sed -i 's/level = logging.INFO if outcome\["status"\] == "ok" else logging.WARNING/level = logging.INFO if outcome["status"] == "ok" else logging.ERROR/' /lab/opsctl/fanout.py
grep -q 'logging.ERROR' /lab/opsctl/fanout.py
