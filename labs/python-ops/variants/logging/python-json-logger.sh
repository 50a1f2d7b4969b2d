#!/usr/bin/env bash
# expect: pass
# why: python-json-logger's JsonFormatter on the root logger (asctime/levelname/message keys, upper-case levels)
# needs: config, fanout
set -euo pipefail
cat > /lab/opsctl/logs.py <<'PY'
import logging
import sys

from pythonjsonlogger import jsonlogger


def setup_logging():
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(jsonlogger.JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
PY
