#!/usr/bin/env bash
# expect: fail
# why: the logging block ended up under redis: web's log is uncapped
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# feedback: must be capped at
set -euo pipefail
python3 - <<'PY'
import re
from pathlib import Path

p = Path("docker-compose.yml")
t = p.read_text()
m = re.search(r"    logging:\n(      .*\n)+", t)
block = m.group(0)
t = t[:m.start()] + t[m.end():]
at = t.index("\n", t.index("  redis:")) + 1
p.write_text(t[:at] + block + t[at:])
PY
dc up -d >/dev/null 2>&1
wait_web
