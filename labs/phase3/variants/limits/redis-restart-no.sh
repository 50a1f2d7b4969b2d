#!/usr/bin/env bash
# expect: fail
# why: web restarts by itself, but redis is given `restart: "no"` ("a database should not restart on its own")
# run_in: host
# needs: image, compose
# include: _lib/stack.sh
# feedback: redis has 'no'
set -euo pipefail
python3 - <<'PY'
from pathlib import Path

p = Path("docker-compose.yml")
t = p.read_text()
redis = t.index("  redis:")
p.write_text(t[:redis] + t[redis:].replace("    restart: unless-stopped", '    restart: "no"', 1))
PY
dc up -d >/dev/null 2>&1
wait_web
