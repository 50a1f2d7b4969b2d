#!/usr/bin/env bash
# expect: pass
# why: structlog renders stdlib records (opsctl's and paramiko's) as JSON through ProcessorFormatter, extras kept
# needs: config, fanout
set -euo pipefail
cat > /lab/opsctl/logs.py <<'PY'
import logging
import sys

import structlog

PRE_CHAIN = [
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.ExtraAdder(),
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def setup_logging():
    structlog.configure(
        processors=PRE_CHAIN + [structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=PRE_CHAIN,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.JSONRenderer()],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.INFO)
PY
