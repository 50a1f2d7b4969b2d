#!/usr/bin/env bash
# expect: fail
# why: "structured" as key=value text through logging.basicConfig, not JSON
# needs: config, fanout
# feedback: should be a JSON object
set -euo pipefail
cat > /lab/opsctl/logs.py <<'PY'
import logging


def setup_logging():
    logging.basicConfig(level=logging.INFO,
                        format='time=%(asctime)s level=%(levelname)s logger=%(name)s msg="%(message)s"')
PY
